import assert from 'node:assert/strict';
import { checkWritePreconditions, parseWritePreconditions } from '../../../src/catalog/preconditions';

describe('product write preconditions', () => {
  const parse = (ifMatch: string, ifNoneMatch = '') => parseWritePreconditions({ ifMatch, ifNoneMatch });
  const outcome = (preconditions: ReturnType<typeof parse>, version: string | null) => {
    try {
      checkWritePreconditions('p1', preconditions, version);
      return 'applies';
    } catch (error) {
      return (error as { code: string }).code;
    }
  };

  it('parses *, lists of strong tags, and drops weak ones (never equal under strong comparison)', () => {
    assert.deepEqual(parse(''), {});
    assert.deepEqual(parse(' * '), { ifMatch: '*' });
    assert.deepEqual(parse('"41", W/"42" ,"43"'), { ifMatch: ['"41"', '"43"'] });
    assert.deepEqual(parse('', '*'), { ifNoneMatch: '*' });
  });

  it('refuses anything else as a 400 naming the header', () => {
    for (const bad of ['41', '"41', '"4"1"', '"41",', '**', '"a b"'])
      assert.throws(
        () => parse(bad),
        (error: { code: string; field: string }) => error.code === 'VALIDATION_FAILED' && error.field === 'If-Match',
      );
    assert.throws(
      () => parse('', 'nope'),
      (error: { field: string }) => error.field === 'If-None-Match',
    );
  });

  it('applies If-Match to the current version only, never to an absent or deleted product', () => {
    assert.equal(outcome(parse('"7"'), '7'), 'applies');
    assert.equal(outcome(parse('"6"'), '7'), 'PRECONDITION_FAILED');
    assert.equal(outcome(parse('*'), '7'), 'applies');
    assert.equal(outcome(parse('*'), null), 'PRECONDITION_FAILED');
    assert.equal(outcome(parse('"7"'), null), 'PRECONDITION_FAILED');
    assert.equal(outcome(parse(''), null), 'applies');
  });

  it('applies If-None-Match: * only where there is no current product', () => {
    assert.equal(outcome(parse('', '*'), null), 'applies');
    assert.equal(outcome(parse('', '*'), '7'), 'PRECONDITION_FAILED');
    assert.equal(outcome(parse('', '"6"'), '7'), 'applies');
    assert.equal(outcome(parse('', '"7"'), '7'), 'PRECONDITION_FAILED');
  });
});
