import Router from '@koa/router';
import { z } from 'zod';
import { validationError } from '../../core/errors';
import type { SuggestService } from '../../search/suggest/suggest-service';
import { parseInput } from '../../core/validation';
import type { AppState } from '../context/state';

const suggestQuery = z.strictObject({
  q: z.string().trim().min(1, 'Type at least one character.').max(100, 'At most 100 characters.'),
  size: z.string().regex(/^\d+$/, 'Must be a whole number.').transform(Number).pipe(z.number().int().min(1).max(20)).default(5),
});

/** As-you-type suggestions (public key). */
export function suggestRoutes(suggest: SuggestService): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/v1/suggest', async (ctx) => {
    for (const [name, value] of Object.entries(ctx.query)) if (Array.isArray(value)) throw validationError(name, `Give ${name} once.`);
    const { q, size } = parseInput(suggestQuery, ctx.query);
    // A customer key's filters: only the products (and categories, brands) it may see.
    ctx.body = await suggest.suggest(q, size, ctx.state.principal?.keyFilters ?? null);
  });
  return router;
}
