// Types of field-paths.js for the unit tests (TypeScript does not read the browser's plain JS).
export function pathCandidates(path: string): string[];
export function describeRest(rest: string): string | null;
export function locateField(path: unknown, has: (path: string) => boolean): { path: string; detail: string | null } | null;
