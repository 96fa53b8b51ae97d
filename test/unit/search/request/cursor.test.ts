import assert from 'node:assert/strict';
import { AppError } from '../../../../src/core/errors';
import { productMappings } from '../../../../src/core/product-index';
import { encodeCursor, sortClause } from '../../../../src/search/body/sort';
import { checkCursor, sortValueKinds, type CursorSort } from '../../../../src/search/request/cursor';
import { sortOptions } from '../../../../src/search/request/params';

const forged = (values: unknown[]): string => Buffer.from(JSON.stringify(values)).toString('base64url');

function rejected(cursor: string, sort: CursorSort): void {
  assert.throws(
    () => checkCursor(cursor, sort),
    (error: unknown) => error instanceof AppError && error.status === 400 && error.field === 'cursor',
    `${Buffer.from(cursor, 'base64url').toString()} for ${sort}`,
  );
}

describe('search cursors', () => {
  it('knows the value type of every sort field, in the sort clause order, as the index maps it', () => {
    const properties = productMappings.properties ?? {};
    for (const sort of sortOptions) {
      const fields = sortClause(sort).map((clause) => Object.keys(clause as object)[0]!);
      const kinds = sortValueKinds[sort];
      assert.equal(kinds.length, fields.length, sort);
      fields.forEach((field, i) => {
        const type = field === '_score' ? 'float' : (properties[field] as { type?: string } | undefined)?.type;
        assert.equal(kinds[i], type, `${sort}: ${field}`);
      });
    }
  });

  it('accepts the cursors the API hands out, including a missing rating (Elasticsearch writes -Infinity)', () => {
    checkCursor(encodeCursor('price_asc', [19.99, 'sku-9']), 'price_asc');
    checkCursor(encodeCursor('newest', [1704153600000, 'b']), 'newest');
    checkCursor(encodeCursor('relevance', [12.5, 3, 'a']), 'relevance');
    checkCursor(encodeCursor('best_selling', [41, 1.25, 'audio-2']), 'best_selling');
    checkCursor(encodeCursor('rating', [4.5, 3, 'a']), 'rating');
    checkCursor(encodeCursor('rating', ['-Infinity', 0, 'b']), 'rating');
  });

  it("refuses a forged cursor whose values do not fit their fields' types (the issue's: a string for the price)", () => {
    // The reproduction: WyJwcmljZV9hc2MiLCJhYmMiLCJ4Il0 is ["price_asc","abc","x"].
    rejected('WyJwcmljZV9hc2MiLCJhYmMiLCJ4Il0', 'price_asc');
    rejected(forged(['price_asc', null, 'x']), 'price_asc'); // Elasticsearch: a 500 (null pointer)
    rejected(forged(['price_asc', 1, 7]), 'price_asc');
    rejected(forged(['price_asc', 1, '']), 'price_asc');
    rejected(forged(['price_asc', 1, 'x'.repeat(600)]), 'price_asc');
    rejected(forged(['newest', 1.5, 'x']), 'newest');
    rejected(forged(['newest', 1e300, 'x']), 'newest');
    rejected(forged(['rating', 4, 2 ** 31, 'x']), 'rating');
    rejected(forged(['rating', 4, 1.5, 'x']), 'rating');
    rejected(forged(['relevance', 1e39, 1, 'x']), 'relevance');
    rejected(forged(['relevance', 'NaN', 1, 'x']), 'relevance');
    rejected(forged(['relevance', { a: 1 }, 1, 'x']), 'relevance');
  });

  it('refuses cursors of another sort, of the wrong length, or not JSON at all', () => {
    rejected(encodeCursor('price_asc', [19.99, 'sku-9']), 'newest');
    rejected(forged(['price_asc', 1]), 'price_asc');
    rejected(forged(['price_asc', 1, 'x', 'y']), 'price_asc');
    rejected(forged({ sort: 'price_asc' } as unknown as unknown[]), 'price_asc');
    rejected('bm90IGpzb24', 'price_asc');
  });
});
