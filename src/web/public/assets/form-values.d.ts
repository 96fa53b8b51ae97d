// Types of form-values.js for the unit tests (TypeScript does not read the browser's plain JS).
export function splitList(text: unknown): string[];
export function joinList(values: readonly string[] | undefined, separator?: string): string;
export function optionalList(text: unknown): string[] | undefined;
export function optionalNumber(text: unknown): number | undefined;
/** Throws FormError (form-fields.js: `field`, `status` 400) when `validity.badInput`. */
export function numberValue(
  input: { value: string; validity?: { badInput: boolean }; dataset?: Record<string, string | undefined> },
  path?: string,
): number | undefined;
export function splitLines(text: unknown): string[];
export function optionalText(text: unknown): string | undefined;
export function parseAttributes(text: unknown): Record<string, string[]> | undefined;
export function formatAttributes(attributes: Record<string, readonly string[]> | undefined): string;
export function formatNumber(n: unknown, digits?: number): string;
