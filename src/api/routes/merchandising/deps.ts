import type { Context } from 'koa';
import type { Knex } from 'knex';
import { validationError } from '../../../core/errors';
import type { SearchService } from '../../../search/search-service';
import { actorOf, type Actor } from '../../../merchandising/changes';
import { actorName } from '../../../auth/actor';
import type { MerchandisingStore } from '../../../merchandising/store';
import type { ExperimentStore } from '../../../experiments/store';
import type { AppState } from '../../context/state';

/** What the merchandising endpoints need; built once in app.ts. */
export interface MerchandisingRouteDeps {
  db: Knex;
  store: MerchandisingStore;
  search: SearchService;
  /** Running A/B experiments, told of each experiment write. */
  experiments: ExperimentStore;
  /** Wall clock for rule windows and default analytics periods; tests set it. */
  clock: () => number;
}

/** The key that made the request, and the person the client names in X-Actor (shared keys); a malformed X-Actor is a 400. */
export function actor(ctx: Context & { state: AppState }): Actor {
  return actorOf(ctx.state.principal, actorName(ctx.get('x-actor')) ?? undefined);
}

/** Query-string parameters as single values: a repeated one is an error, not a silent pick. */
export function singleValues(query: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (Array.isArray(value)) throw validationError(name, `Give ${name} once.`);
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}
