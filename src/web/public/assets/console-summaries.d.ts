// Types of console-summaries.js for the unit tests (TypeScript does not read the browser's plain JS).
type Json = Record<string, unknown>;
type NameOf = (id: string) => string;
export function summarizeConditions(conditions?: Json): string;
export function describeFilter(filter?: Json, nameOf?: NameOf): string;
export function describeAction(action: Json, nameOf?: NameOf): string;
export function summarizeActions(actions?: Json[], nameOf?: NameOf): string;
export function productIdsOf(actions?: Json[]): string[];
export function describeSynonym(synonym: Json): string;
