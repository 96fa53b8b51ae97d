// Types of dates.js for the unit tests (TypeScript does not read the browser's plain JS).
export function localToIso(value: unknown): string | undefined;
export function isoToLocal(iso: string | undefined | null): string;
export function dayOf(date: Date): string;
export function addDays(day: string, days: number): string;
export function dayRange(fromDay: string, toDay: string): { from: string | undefined; to: string | undefined };
export function zoneLabel(): string;
