// Types of state.js for the unit tests (TypeScript does not read the browser's plain JS).
/** The page's search state: `q`, `inStock`, `sort`, `correct`, and each facet parameter under its field (facet-declarations.js). */
export interface SearchState {
  q: string;
  inStock: boolean;
  sort: string;
  /** false: search the words as typed, never their spelling correction. */
  correct: boolean;
  /** Pages of results shown, from 1. */
  page: number;
  [field: string]: unknown;
}
export const pageSize: number;
export const maxPages: number;
export const emptySearch: Readonly<SearchState>;
export function readLocation(queryString: string): { view: 'product'; productId: string } | { view: 'search'; search: SearchState };
export function searchUrl(search: SearchState): string;
export function productUrl(productId: string): string;
export function hasFilters(search: SearchState): boolean;
export function searchParams(search: SearchState, shopper: Record<string, string>, cursor?: string | null): Record<string, unknown>;
export function filterValue(search: SearchState, parameter: string): string | string[];
export function withFilter(search: SearchState, parameter: string, value: string | string[]): SearchState;
export function toggled(values: readonly string[], value: string, on: boolean): string[];
