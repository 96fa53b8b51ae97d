import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { builderSources, documentBuilderId } from '../../../../indexers/documents/builder';
import { PRODUCT_INDEX_VERSION } from '../../../../src/core/product-index';

const root = path.resolve(__dirname, '../../../..');

describe('document builder fingerprint', () => {
  it('covers every project file the document builder loads', function () {
    this.timeout(20_000);
    // A fresh process, so only what the builder itself needs is loaded.
    const script = "require('./indexers/documents/to-document'); console.log(JSON.stringify(Object.keys(require.cache)))";
    const loaded = JSON.parse(
      execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8' }),
    ) as string[];
    const project = loaded
      .filter((file) => file.startsWith(root + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`))
      .map((file) => path.relative(root, file));
    assert.ok(project.includes(path.join('indexers', 'documents', 'to-document.ts')), 'the probe loaded the builder');
    const covered = new Set(builderSources());
    assert.deepEqual(
      project.filter((file) => !covered.has(file)),
      [],
    );
  });

  it('names the index version and stays the same within a process', () => {
    assert.match(documentBuilderId(), new RegExp(`^v${PRODUCT_INDEX_VERSION}-[0-9a-f]{16}$`));
    assert.equal(documentBuilderId(), documentBuilderId());
  });
});
