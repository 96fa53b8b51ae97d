import assert from 'node:assert/strict';
import { parseCsv, toCsv } from '../../../src/merchandising/csv';

describe('merchandising CSV', () => {
  it('round-trips commas, quotes, line breaks and edge spaces', () => {
    const rows = [
      ['name', 'note'],
      ['Pin, "quoted"', 'two\nlines'],
      [' padded ', ''],
    ];
    assert.deepEqual(parseCsv(toCsv(rows)), rows);
  });

  it('reads what spreadsheets write: a BOM, CRLF or LF, no last line break', () => {
    assert.deepEqual(parseCsv('\uFEFFa,b\r\n1,2\n3,"4"'), [
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('names the line of a quote never closed', () => {
    assert.throws(() => parseCsv('a\n"open\nstill open'), /line 2/);
  });

  it('writes formula-like cells as text (CSV injection) and reads them back as they were', () => {
    const rows = [['=HYPERLINK("http://evil")', '+1', '-2', '@SUM(A1)', 'plain', '{"a":1}']];
    const text = toCsv(rows);
    assert.ok(!/(^|,)"?[=+\-@]/m.test(text), text);
    assert.match(text, /^"'=HYPERLINK\(""http:\/\/evil""\)",'\+1,'-2,'@SUM\(A1\),plain,/);
    assert.deepEqual(parseCsv(text), rows);
  });
});
