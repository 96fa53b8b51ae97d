import assert from 'node:assert/strict';
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { bulkBody, classifyItem, serializeAction, writeBulk } from '../../../indexers/bulk';
import { BulkBodyWriter } from '../../../indexers/bulk-body';
import type { ProductDocument } from '../../../src/core/product-index';

describe('bulk writes with external versions', () => {
  it('sends every write with the product version as an external version', () => {
    const document = { id: 'a', title_en: 'Tea "Pot"\n' } as ProductDocument;
    const upsert = serializeAction({ op: 'index', id: 'a', version: 7, json: JSON.stringify(document) });
    assert.equal(typeof upsert, 'string');
    const lines = String(upsert).split('\n');
    assert.equal(lines.length, 3, "two lines, newline-terminated: the document's own newline is escaped");
    assert.deepEqual(JSON.parse(lines[0]!), { index: { _id: 'a', version: 7, version_type: 'external' } });
    assert.deepEqual(JSON.parse(lines[1]!), document);
    assert.equal(lines[2], '');
    assert.equal(serializeAction({ op: 'delete', id: 'b', version: 9 }), '{"delete":{"_id":"b","version":9,"version_type":"external"}}\n');
  });

  it("sends a stored document's bytes as they are", () => {
    const json = Buffer.from('{"id":"a","title_zh":"茶壶"}');
    const upsert = serializeAction({ op: 'index', id: 'a', version: 7, json });
    assert.notEqual(typeof upsert, 'string');
    const deletion = serializeAction({ op: 'delete', id: 'b', version: 9 });
    // Non-ASCII on both kinds of line: byte lengths, not string lengths, place each part.
    const text = serializeAction({ op: 'index', id: 'c-壶', version: 3, json: '{"title_zh":"水壶 Kettle"}' });
    const body = bulkBody([text, upsert, deletion]);
    assert.ok(Buffer.isBuffer(body));
    assert.equal(
      body.toString('utf8'),
      `${String(text)}{"index":{"_id":"a","version":7,"version_type":"external"}}\n${json.toString('utf8')}\n${String(deletion)}`,
    );
    assert.equal(bulkBody([text, deletion]), `${String(text)}${String(deletion)}`, 'text stays text');
  });

  it('sends views of one buffer that follow each other as one view, and anything else as a copy of each in order', () => {
    const memory = Buffer.from('{"index":{}}\n{}\n{"index":{}}\n{"a":1}\n');
    const [first, second] = [memory.subarray(0, 16), memory.subarray(16)];
    const joined = bulkBody([first, second]);
    assert.ok(Buffer.isBuffer(joined) && joined.buffer === memory.buffer, 'not copied');
    assert.equal(joined.toString(), memory.toString());
    // The same offsets in two different memories are not adjacent.
    const other = Buffer.alloc(memory.length, 'x');
    const elsewhere = other.subarray(16);
    assert.equal(bulkBody([first, elsewhere]).toString(), `${first.toString()}${elsewhere.toString()}`);
    assert.equal(bulkBody([second, first]).toString(), `${second.toString()}${first.toString()}`, 'out of order');
  });

  it('treats a version conflict as "the index already has this or newer"', () => {
    assert.deepEqual(classifyItem('index', { _index: 'i', status: 409, error: { type: 'version_conflict_engine_exception' } }), {
      kind: 'superseded',
    });
    assert.deepEqual(classifyItem('delete', { _index: 'i', status: 409, error: { type: 'version_conflict_engine_exception' } }), {
      kind: 'superseded',
    });
  });

  it('counts deleting an absent document as done (the tombstone is recorded)', () => {
    assert.deepEqual(classifyItem('delete', { _index: 'i', status: 404, result: 'not_found' }), { kind: 'written' });
  });

  it('rejects documents the index cannot take, and retries what the cluster cannot take now', () => {
    const rejected = classifyItem('index', {
      _index: 'i',
      status: 400,
      error: {
        type: 'document_parsing_exception',
        reason: 'x'.repeat(500),
        caused_by: { type: 'illegal_argument_exception', reason: 'bad' },
      },
    });
    assert.equal(rejected.kind, 'rejected');
    assert.ok(
      rejected.kind === 'rejected' && rejected.reason.length < 400 && rejected.reason.endsWith('caused by illegal_argument_exception: bad'),
    );
    assert.equal(classifyItem('index', { _index: 'i', status: 429, error: { type: 'es_rejected_execution_exception' } }).kind, 'retry');
    assert.equal(classifyItem('index', { _index: 'i', status: 503, error: { type: 'unavailable_shards_exception' } }).kind, 'retry');
    assert.equal(classifyItem('index', { _index: 'i', status: 404, error: { type: 'index_not_found_exception' } }).kind, 'retry');
  });

  it('sends a prepared body as it is, then only the writes to retry, to the index in the path', async () => {
    const writer = new BulkBodyWriter(64);
    for (const id of ['a', 'b', 'c']) writer.addIndexText(id, 1, `{"id":"${id}"}`);
    const { body, actions, serialized } = writer.finish();
    const sent: Array<{ path: string; body: unknown }> = [];
    const es = {
      transport: {
        request: async (params: { path: string; bulkBody: unknown }) => {
          sent.push({ path: params.path, body: params.bulkBody });
          // First answer: b could not be taken now; second: it went through.
          return sent.length === 1
            ? {
                errors: true,
                items: [
                  { index: { status: 201 } },
                  { index: { status: 429, error: { type: 'es_rejected_execution_exception' } } },
                  { index: { status: 201 } },
                ],
              }
            : { errors: false, items: [{ index: { status: 201 } }] };
        },
      },
    } as unknown as ElasticsearchClient;
    const result = await writeBulk(es, actions, { index: 'products-1', requireAlias: false, serialized, body, attempts: 2 });
    assert.deepEqual(
      result.written.map((a) => a.id),
      ['a', 'c', 'b'],
    );
    assert.equal(sent.length, 2);
    assert.equal(sent[0]!.body, body, 'the body itself, not a copy');
    assert.equal(String(sent[1]!.body), String(serialized[1]), 'the retry sends b alone');
    assert.deepEqual(
      sent.map((r) => r.path),
      ['/products-1/_bulk', '/products-1/_bulk'],
    );
  });
});
