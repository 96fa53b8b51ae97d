import assert from 'node:assert/strict';
import { createIssueLog } from '../../../../src/catalog/import/issues';

describe('import issues', () => {
  it('counts every issue by code and keeps the first ones sorted by line', () => {
    const log = createIssueLog(2);
    log.add({ line: 9, code: 'a', message: 'nine' });
    log.add({ line: 3, code: 'b', message: 'three' });
    log.add({ line: 12, code: 'a', message: 'twelve' });
    assert.deepEqual(log.report(), {
      total: 3,
      byCode: { a: 2, b: 1 },
      sample: [
        { line: 3, code: 'b', message: 'three' },
        { line: 9, code: 'a', message: 'nine' },
      ],
    });
  });
});
