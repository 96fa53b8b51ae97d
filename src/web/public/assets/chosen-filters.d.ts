// Types of chosen-filters.js for the unit tests (TypeScript does not read the browser's plain JS).
import type { SearchState } from './state.js';
export interface Chip {
  key: string;
  text: string;
  next: SearchState;
}
export function chosenFilters(
  search: SearchState,
  answer?: { facets?: Record<string, unknown>; category?: { id: string; name: string; path: Array<{ id: string; name: string }> } | null },
): Chip[];
