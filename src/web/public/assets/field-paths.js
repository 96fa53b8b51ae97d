/**
 * The API names the field at fault with a path such as
 * `actions[0].pins[1].productId`, and the console's inputs carry the same
 * paths (`data-path`). A path with no input of its own (one item of a list
 * typed into one box, a whole action) is shown at the nearest input or
 * fieldset that encloses it, saying which part it is about.
 */

/** `a.b[2].c` → ['a', '.b', '[2]', '.c'], each token as it is written in the path. */
function tokens(path) {
  return path.match(/\[\d+\]|\.?[^.[\]]+/g) ?? [];
}

/**
 * The path and every path enclosing it, nearest first:
 * `actions[0].pins[1].productId` → that, `actions[0].pins[1]`,
 * `actions[0].pins`, `actions[0]`, `actions`.
 */
export function pathCandidates(path) {
  const parts = tokens(String(path));
  const out = [];
  for (let n = parts.length; n > 0; n -= 1) out.push(parts.slice(0, n).join(''));
  return out;
}

/** What the part of a path below its input names, for people: `[2].name` → "item 3, name". */
export function describeRest(rest) {
  const words = tokens(rest).map((t) => (t.startsWith('[') ? `item ${Number(t.slice(1, -1)) + 1}` : t.replace(/^\./, '')));
  return words.length === 0 ? null : words.join(', ');
}

/**
 * Where to show an error about `path`: the nearest enclosing path that
 * `has(path)` says the form shows, and what the rest of the path names
 * (null when the error is exactly about that input). Null when nothing in
 * the form encloses it: the error then belongs to the form as a whole.
 */
export function locateField(path, has) {
  if (typeof path !== 'string' || path === '') return null;
  for (const candidate of pathCandidates(path)) {
    if (has(candidate)) return { path: candidate, detail: describeRest(path.slice(candidate.length)) };
  }
  return null;
}
