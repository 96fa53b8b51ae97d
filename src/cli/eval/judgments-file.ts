import { parse } from 'csv-parse';
import { createInterface } from 'node:readline';
import { openSource } from '../../catalog/import/source';
import type { EvidenceKind, JudgmentRow } from '../../../ranking/eval/judgments';

/**
 * Reads a judgments file for `agora eval search` (plain or gzip):
 *
 * - JSON Lines (`.jsonl`/`.ndjson`, or any file whose first character is `{`):
 *   `{"query": "running shoes", "product_id": "p-1", "grade": 3}`
 * - CSV or TSV with a header row (tab-separated when the header has a tab):
 *   `query,product_id,grade`
 *
 * Column names are case-insensitive; `q`/`query_norm` name the query and
 * `product`/`id`/`sku` the product. Each file gives either `grade` (0–3) or
 * `clicks` (a count ≥ 0), not both. An optional `slice` column labels
 * queries whose scores are also reported as a group. Other columns are ignored.
 */
export class JudgmentsFileError extends Error {}

export interface JudgmentsFile {
  kind: EvidenceKind;
  rows: JudgmentRow[];
}

const queryNames = ['query', 'q', 'query_norm'];
const productNames = ['product_id', 'product', 'id', 'sku'];

export async function readJudgmentsFile(path: string): Promise<JudgmentsFile> {
  const records = await readRecords(path);
  if (records.length === 0) throw new JudgmentsFileError(`${path}: no judgments (expected a header row and at least one line)`);
  const columns = Object.keys(records[0]!.fields);
  const pick = (names: string[]) => names.find((n) => columns.includes(n)) ?? null;
  const queryColumn = pick(queryNames);
  const productColumn = pick(productNames);
  const hasGrade = columns.includes('grade');
  const hasClicks = columns.includes('clicks');
  if (queryColumn === null) throw new JudgmentsFileError(`${path}: no query column (one of ${queryNames.join(', ')})`);
  if (productColumn === null) throw new JudgmentsFileError(`${path}: no product column (one of ${productNames.join(', ')})`);
  if (hasGrade === hasClicks) throw new JudgmentsFileError(`${path}: give exactly one of the columns grade (0–3) or clicks`);
  const kind: EvidenceKind = hasGrade ? 'grade' : 'clicks';

  const rows = records.map(({ line, fields }) => {
    const at = `${path}:${line}`;
    const query = String(fields[queryColumn] ?? '').trim();
    const productId = String(fields[productColumn] ?? '').trim();
    const value = Number(fields[kind]);
    if (query === '') throw new JudgmentsFileError(`${at}: ${queryColumn} is empty`);
    if (productId === '') throw new JudgmentsFileError(`${at}: ${productColumn} is empty`);
    if (kind === 'grade' && !(Number.isInteger(value) && value >= 0 && value <= 3))
      throw new JudgmentsFileError(`${at}: grade must be a whole number from 0 to 3, got "${String(fields.grade)}"`);
    if (kind === 'clicks' && !(Number.isFinite(value) && value >= 0))
      throw new JudgmentsFileError(`${at}: clicks must be a number ≥ 0, got "${String(fields.clicks)}"`);
    const slice = String(fields['slice'] ?? '').trim();
    return slice === '' ? { query, productId, value } : { query, productId, value, slice };
  });
  return { kind, rows };
}

interface RawRecord {
  line: number;
  fields: Record<string, unknown>;
}

async function readRecords(path: string): Promise<RawRecord[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: await openSource(path), crlfDelay: Infinity })) lines.push(line);
  if (lines.length > 0) lines[0] = lines[0]!.replace(/^\uFEFF/, '');
  const first = lines.find((l) => l.trim() !== '') ?? '';
  return /\.(jsonl|ndjson)(\.gz)?$/i.test(path) || first.trimStart().startsWith('{') ? jsonLines(path, lines) : delimited(path, lines);
}

function jsonLines(path: string, lines: string[]): RawRecord[] {
  const records: RawRecord[] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new JudgmentsFileError(`${path}:${i + 1}: not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new JudgmentsFileError(`${path}:${i + 1}: expected one JSON object per line`);
    records.push({ line: i + 1, fields: lowerCaseKeys(value as Record<string, unknown>) });
  });
  return records;
}

async function delimited(path: string, lines: string[]): Promise<RawRecord[]> {
  const header = lines[0] ?? '';
  const delimiter = header.includes('\t') ? '\t' : ',';
  const parser = parse(lines.join('\n'), {
    delimiter,
    columns: (names: string[]) => names.map((n) => n.trim().toLowerCase()),
    skip_empty_lines: true,
    relax_column_count: true,
    // Click logs carry shoppers' raw text: a stray quote is part of the query, not CSV syntax.
    quote: delimiter === '\t' ? false : '"',
    info: true,
  });
  const records: RawRecord[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>)
      records.push({ line: info.lines, fields: record });
  } catch (error) {
    throw new JudgmentsFileError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return records;
}

function lowerCaseKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v]));
}
