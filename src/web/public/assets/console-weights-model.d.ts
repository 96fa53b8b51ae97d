// Types of console-weights-model.js for the unit tests (TypeScript does not read the browser's plain JS).
export const weightFields: ReadonlyArray<{ name: string; label: string; hint: string }>;
export interface WeightTable {
  defaults: Record<string, number>;
  global: Record<string, number>;
  categories: Record<string, Record<string, number>>;
}
export function weightOrigins(
  table: WeightTable,
  sources: readonly string[],
): Record<string, { value: number | undefined; source: string }>;
/** A number input as far as reading it goes. */
export interface NumberInputLike {
  value: string;
  validity?: { badInput: boolean };
}
/** Throws FormError (`field`: the weight's name) for an input whose text is not a number. */
export function overridesFromInputs(inputs: Record<string, NumberInputLike>): Record<string, number>;
