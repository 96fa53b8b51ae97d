// Types of text-ranges.js for the unit tests (TypeScript does not read the browser's plain JS).
export function splitByRanges(text: string, ranges: unknown): Array<{ text: string; marked: boolean }>;
