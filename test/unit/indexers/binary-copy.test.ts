import assert from 'node:assert/strict';
import { BinaryCopyFormatError, parseBinaryCopy } from '../../../indexers/documents/binary-copy';

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
    const rows = parseBinaryCopy(copyData([[Buffer.from('p-1'), version, body], [Buffer.from('p-2'), null, Buffer.alloc(0)]], Buffer.from('ext')));
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
    oid.writeInt32BE(1 << 16 >>> 1, 11);
    assert.doesNotThrow(() => parseBinaryCopy(oid), 'bits 0-15 are not critical');
  });
});
