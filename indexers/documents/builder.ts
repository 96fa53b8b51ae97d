import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PRODUCT_INDEX_VERSION } from '../../src/search/product-index';

const root = path.resolve(__dirname, '../..');

/**
 * The code a document is built by: the row query, the builder, the text
 * analysis and the document type, plus the libraries whose output they
 * embed (Porter stems from natural, jieba's dictionary).
 */
function builderSources(): string[] {
  const text = path.join(root, 'src/text');
  return [
    'indexers/documents/rows.ts',
    'indexers/documents/to-document.ts',
    'src/search/product-index.ts',
    ...readdirSync(text).filter((f) => f.endsWith('.ts')).sort().map((f) => path.join('src/text', f)),
  ];
}

function packageVersion(name: string): string {
  const manifest = require.resolve(`${name}/package.json`, { paths: [root] });
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

let memo: string | undefined;

/**
 * A fingerprint of the document builder. Stored documents carry it, and one
 * built by other code is never reused: hashing the sources themselves, not
 * a number someone must remember to bump, means any edit to the analysis
 * (even one that only looks cosmetic) is a rebuild, which is the safe side.
 */
export function documentBuilderId(): string {
  if (memo !== undefined) return memo;
  const hash = createHash('sha256');
  hash.update(`index-version ${PRODUCT_INDEX_VERSION}\n`);
  for (const file of builderSources()) hash.update(`${file}\n`).update(readFileSync(path.join(root, file)));
  for (const name of ['natural', '@node-rs/jieba']) hash.update(`${name}@${packageVersion(name)}\n`);
  memo = `v${PRODUCT_INDEX_VERSION}-${hash.digest('hex').slice(0, 16)}`;
  return memo;
}
