// Types of console-weights-model.js for the unit tests (TypeScript does not read the browser's plain JS).
export const weightFields: ReadonlyArray<{ name: string; label: string; hint: string }>;
export interface WeightTable { defaults: Record<string, number>; global: Record<string, number>; categories: Record<string, Record<string, number>> }
export function weightOrigins(table: WeightTable, sources: readonly string[]): Record<string, { value: number | undefined; source: string }>;
export function overridesFromInputs(values: Record<string, string>): Record<string, number | string>;
