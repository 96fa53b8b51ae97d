import assert from 'node:assert/strict';
import { AppError } from '../../../src/core/errors';
import { actorName } from '../../../src/auth/actor';

/** A header as Node hands it over: the bytes a client sent, read as latin1. */
const asHeader = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('X-Actor', () => {
  it('accepts names and e-mail addresses, in any script', () => {
    assert.equal(actorName(undefined), null);
    assert.equal(actorName(''), null);
    assert.equal(actorName('  Ana Lima  '), 'Ana Lima');
    assert.equal(actorName('ana.lima+merch@shop.example'), 'ana.lima+merch@shop.example');
    assert.equal(actorName(asHeader("Zoë O'Brien (pricing)")), "Zoë O'Brien (pricing)");
    assert.equal(actorName(asHeader('王芳')), '王芳');
  });

  it('refuses control characters, markup, quotes, undecodable bytes and long values, naming the header', () => {
    for (const bad of [
      'a\u0000b',
      'a\tb',
      '<script>alert(1)</script>',
      'Robert"); drop table',
      '-leading punctuation',
      'x'.repeat(121),
      '\u00ff\u00fe',
      asHeader('a\u202eb'),
      asHeader('zero\u200bwidth'),
    ]) {
      assert.throws(
        () => actorName(bad),
        (error: unknown) => error instanceof AppError && error.status === 400 && error.field === 'X-Actor',
        JSON.stringify(bad),
      );
    }
  });
});
