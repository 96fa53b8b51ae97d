import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { validationError } from '../../core/errors';
import { escapedText as visible, unacceptableParameter, unstorableText } from '../../core/validation';
import { jsonProblem, nameProblem, type InputProblem } from '../../core/json-problem';
import type { AppState } from '../context/state';

/**
 * The one sanitiser at the edge: before any route or schema sees a request, its decoded query string, path parameters and
 * JSON body are checked once for what no later step can handle. Text Postgres cannot store (NUL, unpaired UTF-16
 * surrogates) would be a 500 from whichever table it reached; a control character in a URL (no parameter means one) a 400
 * from Elasticsearch, whose completion suggester reserves U+001F; JSON nested thousands deep would overflow the stack of
 * the recursive validators. Each is a 400 naming the field (`q`, `id`, `attributes.colour`, `actions[0].data`).
 */
export function inputGuard(routers: ReadonlyArray<Router<AppState>>): Middleware<AppState> {
  return async (ctx, next) => {
    const problem =
      queryProblem(ctx.query) ??
      pathProblem(routers, ctx.path, ctx.method) ??
      (ctx.request.body === undefined ? null : jsonProblem(ctx.request.body));
    if (problem) throw validationError(problem.field, problem.message);
    await next();
  };
}

/** The guard's check of a body, for a route that reads its body itself (after the edge guard ran). */
export function bodyGuard(): Middleware<AppState> {
  return async (ctx, next) => {
    const problem = ctx.request.body === undefined ? null : jsonProblem(ctx.request.body);
    if (problem) throw validationError(problem.field, problem.message);
    await next();
  };
}

function queryProblem(query: Record<string, string | string[] | undefined>): InputProblem | null {
  for (const [name, value] of Object.entries(query)) {
    // `?=x`: no route has a nameless parameter, and an error could not name it.
    if (name === '') return { field: 'query', message: 'A query parameter has no name.' };
    const why = unstorableText(name);
    if (why) return { field: visible(name), message: nameProblem(why) };
    for (const item of Array.isArray(value) ? value : [value ?? '']) {
      const problem = unacceptableParameter(item);
      if (problem) return { field: name, message: problem };
    }
  }
  return null;
}

/** A path segment decodes to what its route receives as a parameter; the route's own name for it is the field. */
function pathProblem(routers: ReadonlyArray<Router<AppState>>, path: string, method: string): InputProblem | null {
  // Raw control characters cannot reach a URL and decoding never makes a surrogate: only a %-escape can carry either.
  if (!path.includes('%')) return null;
  const bad = path.split('/').find((segment) => unacceptableParameter(safeDecode(segment)) !== null);
  if (bad === undefined) return null;
  const message = unacceptableParameter(safeDecode(bad))!;
  for (const router of routers) {
    for (const layer of router.match(path, method).pathAndMethod) {
      if (layer.methods.length === 0) continue;
      const params = layer.params(path, layer.captures(path), {});
      const name = Object.keys(params).find((key) => unacceptableParameter(String(params[key])) !== null);
      if (name !== undefined) return { field: name, message };
    }
  }
  return { field: 'path', message };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
