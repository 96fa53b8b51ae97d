import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { answerClientErrorsWithJson } from '../../../src/api/client-errors';

/** What the handler writes for a parser error with this code. */
function answerTo(code: string): string {
  const server = new EventEmitter();
  answerClientErrorsWithJson(server as Server);
  let written = '';
  const socket = { writable: true, end: (text: string) => (written = text), destroy: () => undefined } as unknown as Duplex;
  server.emit('clientError', Object.assign(new Error(code), { code }), socket);
  return written;
}

describe('answers to requests the HTTP parser refuses', () => {
  it('is a JSON 408 for a request that did not arrive in time, 431 for oversized headers, 400 otherwise', () => {
    assert.match(answerTo('ERR_HTTP_REQUEST_TIMEOUT'), /^HTTP\/1\.1 408 [^]*"code":"REQUEST_TIMEOUT"/);
    assert.match(answerTo('HPE_HEADER_OVERFLOW'), /^HTTP\/1\.1 431 [^]*"code":"HEADERS_TOO_LARGE"/);
    assert.match(answerTo('HPE_INVALID_METHOD'), /^HTTP\/1\.1 400 [^]*"code":"BAD_REQUEST"/);
  });
});
