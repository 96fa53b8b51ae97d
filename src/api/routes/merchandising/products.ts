import Router from '@koa/router';
import { z } from 'zod';
import { identifier, parseInput } from '../../../core/validation';
import { productCards } from '../../../merchandising/product-cards';
import type { AppState } from '../../context/state';
import { singleValues, type MerchandisingRouteDeps } from './deps';

const cardsQuery = z.strictObject({
  ids: z
    .string()
    .transform((v) => v.split(',').filter((id) => id !== ''))
    .pipe(z.array(identifier).min(1, 'Name at least one product.').max(100, 'At most 100 products at once.')),
});

/** Products as the console names them (rule lists, pins, warnings), hidden ones and closed merchants' included. */
export function productRoutes({ db }: MerchandisingRouteDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/v1/merchandising/products', async (ctx) => {
    const { ids } = parseInput(cardsQuery, singleValues(ctx.query));
    ctx.body = { products: await productCards(db, ids) };
  });
  return router;
}
