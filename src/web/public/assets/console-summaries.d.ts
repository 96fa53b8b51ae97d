// Types of console-summaries.js for the unit tests (TypeScript does not read the browser's plain JS).
type Json = Record<string, unknown>;
export function summarizeConditions(conditions?: Json): string;
export function describeFilter(filter?: Json): string;
export function describeAction(action: Json): string;
export function summarizeActions(actions?: Json[]): string;
export function describeSynonym(synonym: Json): string;
