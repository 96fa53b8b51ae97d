import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { JudgmentsFileError, readJudgmentsFile } from '../../../../src/cli/eval/judgments-file';

describe('cli/eval/judgments-file', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'agora-judgments-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string | Buffer) => {
    const at = path.join(dir, name);
    writeFileSync(at, text);
    return at;
  };

  it('reads CSV with quoted queries, case-insensitive columns and extra columns', async () => {
    const read = await readJudgmentsFile(file('a.csv', 'Query,Product_ID,grade,note\n"shoes, red",p1,3,x\ntv,p2,0,\n'));
    assert.equal(read.kind, 'grade');
    assert.deepEqual(read.rows, [
      { query: 'shoes, red', productId: 'p1', value: 3 },
      { query: 'tv', productId: 'p2', value: 0 },
    ]);
  });

  it('reads a gzipped click log in TSV with query_norm and sku, a stray quote being part of the query', async () => {
    const read = await readJudgmentsFile(file('b.tsv', gzipSync('query_norm\tsku\tclicks\tsku_in_catalog\n"halo\t1\t2\t1\n')));
    assert.equal(read.kind, 'clicks');
    assert.deepEqual(read.rows, [{ query: '"halo', productId: '1', value: 2 }]);
  });

  it('reads JSON Lines', async () => {
    const read = await readJudgmentsFile(file('c.jsonl', '{"query":"跑步鞋","product_id":"z1","grade":2}\n\n'));
    assert.deepEqual(read.rows, [{ query: '跑步鞋', productId: 'z1', value: 2 }]);
  });

  it('names the file, line and column of a bad value', async () => {
    await assert.rejects(readJudgmentsFile(file('d.csv', 'query,id,grade\nshoes,p1,4\n')), (error: Error) => {
      assert.ok(error instanceof JudgmentsFileError);
      assert.match(error.message, /d\.csv:2: grade must be a whole number from 0 to 3, got "4"/);
      return true;
    });
    await assert.rejects(readJudgmentsFile(file('e.csv', 'query,id,grade,clicks\nshoes,p1,1,1\n')), /exactly one of the columns grade/);
    await assert.rejects(readJudgmentsFile(file('f.csv', 'text,id,grade\nshoes,p1,1\n')), /no query column/);
    await assert.rejects(readJudgmentsFile(file('g.jsonl', '{"query":"a","id":"p","clicks":1}\nnot json\n')), /g\.jsonl:2: not JSON/);
  });
});
