import { z } from 'zod';
import { validationError } from './errors';

/**
 * Parses request input with a zod schema; the first problem becomes a 400
 * naming the field (`items[2].type`), so clients can point at it.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, root?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    throw validationError(fieldPath(root, [...issue.path, key]), `Unknown field "${key}".`);
  }
  throw validationError(fieldPath(root, issue.path), issue.message);
}

export function fieldPath(root: string | undefined, path: ReadonlyArray<PropertyKey>): string {
  let out = root ?? '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? 'body' : out;
}

/** Ids of products, merchants, brands, categories, customers and sessions: what a URL path segment and a log line can carry as they are. */
export const identifier = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:/-]+$/, 'Use letters, digits and . _ : / - only.');
