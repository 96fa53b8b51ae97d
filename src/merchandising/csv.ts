/**
 * CSV as spreadsheets write it (RFC 4180): fields separated by commas, quoted
 * with double quotes when they hold a comma, quote or line break, a quote
 * inside doubled. Used by the import and export of rules and synonyms.
 */

/**
 * A cell a spreadsheet would run as a formula (= + - @, or a tab or carriage return first: CSV injection) is
 * written with an apostrophe in front, which spreadsheets show as text; parseCsv takes it off again.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEUTRALISED = /^'[=+\-@\t\r]/;

export function toCsv(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const cell = (raw: string) => {
    const value = FORMULA_START.test(raw) ? `'${raw}` : raw;
    return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  };
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/**
 * Rows of fields; a byte-order mark and a last empty line are ignored, and the apostrophe toCsv puts before a
 * formula-like cell is taken off. Throws on an unclosed quote, naming its line.
 */
export function parseCsv(text: string): string[][] {
  const input = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      line++;
    } else field += ch;
  }
  if (quoted) throw new Error(`A quote opened on line ${quoteLine} is never closed.`);
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows
    .filter((r) => !(r.length === 1 && r[0] === ''))
    .map((r) => r.map((field) => (NEUTRALISED.test(field) ? field.slice(1) : field)));
}

/** The first column name a header repeats, if any: which of the two cells would count? */
export function repeatedColumn(names: readonly string[]): string | undefined {
  return names.find((name, i) => name !== '' && names.indexOf(name) !== i);
}

/** The message for a row holding something past the header's columns: an unquoted comma split a cell (1,5 for 1.5). */
export function extraCellsProblem(row: readonly string[], columns: number, line: number): { field: string; message: string } | null {
  if (!row.slice(columns).some((cell) => cell.trim() !== '')) return null;
  return {
    field: 'content',
    message: `Line ${line} has ${row.length} cells, the first line names ${columns} columns (an unquoted comma? Write 1.5, not 1,5, and quote text with a comma).`,
  };
}
