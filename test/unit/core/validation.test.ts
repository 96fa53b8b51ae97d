import assert from 'node:assert/strict';
import { z } from 'zod';
import { AppError, toErrorBody } from '../../../src/core/errors';
import { fieldPath, parseInput } from '../../../src/core/validation';
import { productInput } from '../../../src/catalog/schemas';

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
