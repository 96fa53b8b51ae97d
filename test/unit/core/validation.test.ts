import assert from 'node:assert/strict';
import { z } from 'zod';
import { AppError, toErrorBody } from '../../../src/core/errors';
import {
  bigintId,
  fieldPath,
  identifier,
  instant,
  int4,
  parseInput,
  storableText,
  unacceptableParameter,
  unstorableText,
} from '../../../src/core/validation';
import { orderInput, productInput } from '../../../src/catalog/schemas';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AppError);
    assert.equal(error.status, 400);
    return error.field;
  }
  assert.fail('expected a validation error');
}

describe('parseInput', () => {
  it('builds field paths with indexes', () => {
    assert.equal(fieldPath(undefined, ['items', 3, 'type']), 'items[3].type');
    assert.equal(fieldPath('orders', [0]), 'orders[0]');
    assert.equal(fieldPath(undefined, []), 'body');
  });

  it('names the first bad field and unknown fields', () => {
    const schema = z.strictObject({ items: z.array(z.strictObject({ type: z.enum(['view', 'click']) })) });
    assert.equal(
      fieldOf(() => parseInput(schema, { items: [{ type: 'view' }, { type: 'jump' }] })),
      'items[1].type',
    );
    assert.equal(
      fieldOf(() => parseInput(schema, { items: [], extra: 1 })),
      'extra',
    );
  });

  it('applies product defaults and rejects a product without any title', () => {
    const parsed = parseInput(productInput, { merchantId: 'm', categoryId: 'c', titleZh: '跑鞋', price: 10 });
    assert.equal(parsed.currency, 'USD');
    assert.equal(parsed.status, 'active');
    assert.deepEqual(parsed.attributes, {});
    assert.equal(
      fieldOf(() => parseInput(productInput, { merchantId: 'm', categoryId: 'c', price: 10 })),
      'titleEn',
    );
  });
});

describe('error bodies', () => {
  it('hide the message of internal errors and keep client errors readable', () => {
    const internal = new AppError('INTERNAL', 'connection string postgres://secret leaked');
    assert.equal(toErrorBody(internal).error.message, 'Something went wrong on our side.');
    const bad = new AppError('VALIDATION_FAILED', 'Too big.', 'size');
    assert.deepEqual(toErrorBody(bad, 'r1'), { error: { code: 'VALIDATION_FAILED', message: 'Too big.', field: 'size', requestId: 'r1' } });
  });
});

describe('identifiers', () => {
  it('take an id exactly as sent: surrounding or invisible whitespace is refused, not trimmed into another id', () => {
    assert.equal(parseInput(identifier, 'running-shoes', 'id'), 'running-shoes');
    // The BOM-prefixed id reached the real category once trimmed.
    for (const bad of ['\ufeffrunning-shoes', ' running-shoes', 'running-shoes\n', 'running\u200bshoes', 'a\u00a0b', '']) {
      assert.equal(
        fieldOf(() => parseInput(identifier, bad, 'id')),
        'id',
        JSON.stringify(bad),
      );
    }
  });

  it('bound bigint row ids by what the column holds', () => {
    const keyId = bigintId('Key');
    assert.equal(parseInput(keyId, '9223372036854775807', 'id'), '9223372036854775807');
    for (const bad of ['99999999999999999999', '9223372036854775808', '0', '-1', '1.5', '01', ' 1']) {
      assert.equal(
        fieldOf(() => parseInput(keyId, bad, 'id')),
        'id',
        bad,
      );
    }
  });

  it('bound whole numbers by the int4 column they go to', () => {
    assert.equal(parseInput(int4(), 2_147_483_647), 2_147_483_647);
    assert.equal(
      fieldOf(() => parseInput(z.strictObject({ reviewCount: int4() }), { reviewCount: 2_147_483_648 })),
      'reviewCount',
    );
    assert.equal(
      fieldOf(() => parseInput(z.strictObject({ n: int4() }), { n: -1 })),
      'n',
    );
  });
});

describe('instants', () => {
  const parse = (value: unknown) => parseInput(z.strictObject({ occurredAt: instant }), { occurredAt: value });

  it('accepts ISO 8601 with a time zone from 1970 to 9999, with up to nine digits of fractions', () => {
    for (const ok of [
      '2026-12-01T00:00:00Z',
      '1970-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999999999Z',
      '2024-02-29T12:00:00+05:30',
      '2020-01-01T00:00:00.123456-08:00',
    ]) {
      assert.equal(parse(ok).occurredAt, ok);
    }
  });

  it('refuses what Postgres refuses or misreads: year 0000, a 129-digit fraction, days that do not exist, no zone', () => {
    for (const bad of [
      '0000-01-01T00:00:00Z', // the issue's
      `2020-01-01T00:00:00.${'1'.repeat(129)}Z`, // the issue's
      '2020-01-01T00:00:00.1234567890Z',
      '1969-12-31T23:59:59Z',
      '2021-02-29T00:00:00Z',
      '2020-01-01T24:00:00Z',
      '2020-01-01T00:00:00',
      '+275760-09-13T00:00:00Z',
      '2020-01-01',
      12,
      null,
    ]) {
      assert.equal(
        fieldOf(() => parse(bad)),
        'occurredAt',
        String(bad),
      );
    }
  });

  it('bound the placedAt of orders and what their lines add up to (numeric(14, 2))', () => {
    const order = { id: 'o-1', placedAt: '2024-01-01T00:00:00Z', items: [{ productId: 'p', quantity: 1, unitPrice: 1 }] };
    assert.equal(parseInput(orderInput, order).placedAt, '2024-01-01T00:00:00Z');
    assert.equal(
      fieldOf(() => parseInput(orderInput, { ...order, placedAt: '0000-01-01T00:00:00Z' })),
      'placedAt',
    );
    const huge = Array.from({ length: 200 }, () => ({ productId: 'p', quantity: 100_000, unitPrice: 10_000_000 }));
    assert.equal(
      fieldOf(() => parseInput(orderInput, { ...order, items: huge })),
      'items',
    );
  });
});

describe('text Postgres cannot store', () => {
  it('names NULs and unpaired surrogates, and lets every other character through', () => {
    assert.match(unstorableText('a\u0000b') ?? '', /NUL/);
    assert.match(unstorableText('\ud800') ?? '', /surrogate/);
    assert.match(unstorableText('x\udc00') ?? '', /surrogate/);
    for (const ok of ['', 'plain', '跑鞋', '\ud83d\ude00 emoji (a surrogate pair)', '\u200b\ufeff\u202e', "' or 1=1 --", '\u0001\u001f']) {
      assert.equal(unstorableText(ok), null, JSON.stringify(ok));
    }
  });

  it('refuses control characters in URL parameters, which Elasticsearch may reserve (U+001F), but not tabs or line breaks', () => {
    assert.match(unacceptableParameter('a\u001fb') ?? '', /U\+001F/);
    assert.match(unacceptableParameter('\u0001') ?? '', /U\+0001/);
    assert.match(unacceptableParameter('\u007f') ?? '', /U\+007F/);
    assert.match(unacceptableParameter('a\u0000') ?? '', /NUL/);
    for (const ok of ['running shoes', 'a\tb', 'a\nb', '跑鞋 😀', "' or 1=1"])
      assert.equal(unacceptableParameter(ok), null, JSON.stringify(ok));
  });

  it('makes recorded text storable: NULs removed, unpaired surrogates replaced', () => {
    assert.equal(storableText('a\u0000b'), 'ab');
    assert.equal(storableText('\ud800x\ud83d\ude00'), '\ufffdx\ud83d\ude00');
    assert.equal(storableText('plain'), 'plain');
  });
});
