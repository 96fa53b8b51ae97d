import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { validationError } from '../../core/errors';
import { escapedText as visible, fieldPath, unacceptableParameter, unstorableText } from '../../core/validation';
import type { AppState } from '../context/state';

/** @default maxDepth 32: a rule's free-form `data` keeps about 25 levels of its own inside a preview's draft rules. */
export const inputLimits = { maxDepth: 32 } as const;

export interface InputProblem {
  field: string;
  message: string;
}

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

function nameProblem(why: string): string {
  return why.replace(/^Contains/, 'The name contains');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

interface Visit {
  value: unknown;
  key: string | number | null;
  parent: Visit | null;
  depth: number;
}

/**
 * The first string or key Postgres could not store, or the first value nested deeper than `maxDepth`, in document order.
 * Iterative (an explicit stack), so the check itself cannot overflow on the input it exists to refuse.
 */
export function jsonProblem(body: unknown, maxDepth: number = inputLimits.maxDepth): InputProblem | null {
  const stack: Visit[] = [{ value: body, key: null, parent: null, depth: 0 }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { value } = visit;
    if (typeof value === 'string') {
      const why = unstorableText(value);
      if (why) return { field: fieldOf(visit), message: why };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (visit.depth >= maxDepth) return { field: fieldOf(visit), message: `Nested more than ${maxDepth} levels deep.` };
    const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
    for (const [key] of entries) {
      const why = typeof key === 'string' ? unstorableText(key) : null;
      if (why) return { field: fieldOf({ value: null, key: visible(key as string), parent: visit, depth: 0 }), message: nameProblem(why) };
    }
    for (let i = entries.length - 1; i >= 0; i--)
      stack.push({ value: entries[i]![1], key: entries[i]![0], parent: visit, depth: visit.depth + 1 });
  }
  return null;
}

function fieldOf(visit: Visit): string {
  const path: Array<string | number> = [];
  for (let at: Visit | null = visit; at !== null && at.key !== null; at = at.parent) path.push(at.key);
  return fieldPath(undefined, path.reverse());
}
