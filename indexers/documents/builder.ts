import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PRODUCT_INDEX_VERSION } from '../../src/core/product-index';

const root = path.resolve(__dirname, '../..');

/**
 * The project files a document is built by, relative to the repository: the
 * row query, the builder, the text analysis (all of src/core/text) and the
 * document type. A unit test checks that loading the builder loads no other
 * project file.
 */
export function builderSources(): string[] {
  const analysis = readdirSync(path.join(root, 'src/core/text'), { recursive: true, encoding: 'utf8' })
    .map((f) => path.join('src/core/text', f))
    .filter((f) => statSync(path.join(root, f)).isFile());
  return ['indexers/documents/rows.ts', 'indexers/documents/to-document.ts', 'src/core/product-index.ts', ...analysis.sort()];
}

function packageVersion(name: string): string {
  // Some packages' export maps hide package.json (opencc-js): walk up from the entry point to the manifest with that name.
  for (let dir = path.dirname(require.resolve(name, { paths: [root] })); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version: string };
      if (manifest.name === name) return manifest.version;
    } catch {
      // No manifest at this level: keep walking up.
    }
  }
  throw new Error(`no package.json found for ${name}`);
}

function fingerprint(): string {
  const hash = createHash('sha256');
  hash.update(`index-version ${PRODUCT_INDEX_VERSION}\n`);
  for (const file of builderSources()) hash.update(`${file}\n`).update(readFileSync(path.join(root, file)));
  // Porter stems, jieba's dictionary and the traditional → simplified tables come from these; case folding, NFKC and \p{Script} from Node's Unicode data.
  for (const name of ['natural', '@node-rs/jieba', 'opencc-js']) hash.update(`${name}@${packageVersion(name)}\n`);
  hash.update(`unicode ${process.versions.unicode} icu ${process.versions.icu ?? 'none'}\n`);
  return `v${PRODUCT_INDEX_VERSION}-${hash.digest('hex').slice(0, 16)}`;
}

/**
 * A fingerprint of the document builder, taken when this module loads, that
 * is, together with the builder itself: files edited on disk later (a deploy
 * before the restart) must not lend their fingerprint to documents the
 * running code builds. Stored documents carry it, and one built by other code
 * is never reused. Hashing the sources, not a number someone must remember to
 * bump, means any edit to the analysis, even one that only looks cosmetic, is
 * a rebuild: the safe side. What it invalidates: indexers/README.md.
 */
const BUILDER_ID = fingerprint();

export function documentBuilderId(): string {
  return BUILDER_ID;
}
