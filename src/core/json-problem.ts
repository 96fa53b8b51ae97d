import { escapedText as visible, fieldPath, unstorableText } from './validation';

/**
 * The check of decoded JSON that no later step can handle: text Postgres cannot store (NUL, unpaired UTF-16 surrogates) and
 * nesting deep enough to overflow the recursive validators. The API's edge runs it on every body
 * (src/api/middleware/input-guard.ts); an import runs it on each item its file decodes to (src/merchandising/transfer.ts).
 */

/** @default maxDepth 32: a rule's free-form `data` keeps about 25 levels of its own inside a preview's draft rules. */
export const inputLimits = { maxDepth: 32 } as const;

export interface InputProblem {
  field: string;
  message: string;
}

/** "Contains …" said of a name (a key, a parameter's name) rather than a value. */
export function nameProblem(why: string): string {
  return why.replace(/^Contains/, 'The name contains');
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
