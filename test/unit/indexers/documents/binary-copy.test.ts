import assert from 'node:assert/strict';
import { BinaryCopyFormatError, BinaryCopyReader } from '../../../../indexers/documents/binary-copy';

/** One row of a binary COPY: each field's raw bytes, null for SQL NULL. */
type BinaryRow = Array<Buffer | null>;

/** Rows read from `data` pushed as the pieces `cuts` make, each field copied out. */
function readInPieces(data: Buffer, cuts: number[]): BinaryRow[] {
  const rows: BinaryRow[] = [];
  const reader = new BinaryCopyReader((row) => {
    const fields: BinaryRow = [];
    for (let i = 0; i < row.fields; i++)
      fields.push(row.starts[i] === -1 ? null : Buffer.from(row.data.subarray(row.starts[i], row.ends[i])));
    rows.push(fields);
  });
  let from = 0;
  for (const cut of [...cuts, data.length]) {
    reader.push(data.subarray(from, cut));
    from = cut;
  }
  reader.end();
  return rows;
}

const parseBinaryCopy = (data: Buffer) => readInPieces(data, []);

/** Binary COPY data as PostgreSQL writes it (header with an extension area, rows, trailer). */
function copyData(rows: Array<Array<Buffer | null>>, extension = Buffer.alloc(0)): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), int32(0), int32(extension.length), extension];
  for (const row of rows) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(row.length);
    parts.push(count);
    for (const field of row) parts.push(field === null ? int32(-1) : Buffer.concat([int32(field.length), field]));
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

describe('parseBinaryCopy', () => {
  it('reads rows of raw fields, NULLs and empty values apart, past a header extension', () => {
    const version = Buffer.alloc(8);
    version.writeBigInt64BE(9_007_199_254_740_993n);
    const body = Buffer.from('{"title_zh":"茶壶"}');
    const rows = parseBinaryCopy(
      copyData(
        [
          [Buffer.from('p-1'), version, body],
          [Buffer.from('p-2'), null, Buffer.alloc(0)],
        ],
        Buffer.from('ext'),
      ),
    );
    assert.equal(rows.length, 2);
    assert.equal(rows[0]![0]!.toString(), 'p-1');
    assert.equal(rows[0]![1]!.readBigInt64BE(), 9_007_199_254_740_993n);
    assert.ok(rows[0]![2]!.equals(body));
    assert.equal(rows[1]![1], null);
    assert.equal(rows[1]![2]!.length, 0);
  });

  it('reads no rows from an empty result', () => {
    assert.deepEqual(parseBinaryCopy(copyData([])), []);
  });

  it('refuses data that is not binary COPY or is cut short', () => {
    assert.throws(() => parseBinaryCopy(Buffer.from('p-1\t1\t{}\n')), BinaryCopyFormatError);
    const whole = copyData([[Buffer.from('p-1'), Buffer.from('{"a":1}')]]);
    assert.throws(() => parseBinaryCopy(whole.subarray(0, whole.length - 5)), BinaryCopyFormatError);
    assert.throws(() => parseBinaryCopy(whole.subarray(0, whole.length - 2)), BinaryCopyFormatError);
    // Cut inside a field's length, not its bytes.
    assert.throws(() => parseBinaryCopy(whole.subarray(0, 19 + 2 + 2)), BinaryCopyFormatError);
  });

  it('refuses lengths that would move backwards and format extensions it does not know', () => {
    const whole = copyData([[Buffer.from('p-1')]]);
    const negative = Buffer.from(whole);
    negative.writeInt32BE(-2, 19 + 2);
    assert.throws(() => parseBinaryCopy(negative), BinaryCopyFormatError);
    const critical = Buffer.from(whole);
    critical.writeInt32BE(1 << 16, 11);
    assert.throws(() => parseBinaryCopy(critical), BinaryCopyFormatError);
    const oid = Buffer.from(whole);
    oid.writeInt32BE((1 << 16) >>> 1, 11);
    assert.doesNotThrow(() => parseBinaryCopy(oid), 'bits 0-15 are not critical');
  });
});

describe('BinaryCopyReader (streaming)', () => {
  const rows: Array<Array<Buffer | null>> = [
    [Buffer.from('p-1'), Buffer.from('{"title_zh":"茶壶"}')],
    [Buffer.from('p-2'), null],
    [Buffer.from('p-3'), Buffer.alloc(0)],
  ];
  const data = copyData(rows, Buffer.from('ext'));

  it('reads the same rows however the data is cut into chunks (every cut, and every pair of cuts)', () => {
    for (let a = 0; a <= data.length; a++) {
      assert.deepEqual(readInPieces(data, [a]), rows, `cut at ${a}`);
      for (let b = a; b <= data.length; b += 3) assert.deepEqual(readInPieces(data, [a, b]), rows, `cuts at ${a}, ${b}`);
    }
  });

  it('puts together a row much larger than the bytes it first asks of the next chunk', () => {
    const large = Buffer.alloc(50_000, 'x');
    const big = copyData([
      [Buffer.from('p-big'), large],
      [Buffer.from('p-after'), Buffer.from('{}')],
    ]);
    for (const cuts of [[100], [30_000], [100, 200, 20_000, 49_000], [big.length - 3]]) {
      const read = readInPieces(big, cuts);
      assert.equal(read.length, 2);
      assert.ok(read[0]![1]!.equals(large), `cuts ${cuts.join(',')}`);
      assert.equal(read[1]![0]!.toString(), 'p-after');
    }
  });

  it('refuses data that ends early or goes on after its end, and a bad signature as soon as it shows', () => {
    assert.throws(() => readInPieces(data.subarray(0, data.length - 1), [10, 30]), BinaryCopyFormatError);
    assert.throws(() => readInPieces(Buffer.concat([data, Buffer.from([0])]), [data.length]), BinaryCopyFormatError);
    const reader = new BinaryCopyReader(() => assert.fail('no row expected'));
    assert.throws(() => reader.push(Buffer.from('COPY')), BinaryCopyFormatError);
  });

  it('stops at an error thrown by the row callback', () => {
    const reader = new BinaryCopyReader(() => {
      throw new Error('no thanks');
    });
    assert.throws(() => reader.push(data), /no thanks/);
  });
});
