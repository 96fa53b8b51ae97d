/**
 * Dates between the browser's inputs, which speak the visitor's local time
 * without a zone (`2026-12-01T09:30`, `2026-12-01`), and the API, which wants
 * ISO 8601 instants with one (`2026-12-01T08:30:00Z`).
 */

const pad = (n) => String(n).padStart(2, '0');

/** A `datetime-local` value (local time) as an ISO instant in UTC; '' → undefined (no limit). */
export function localToIso(value) {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const date = new Date(value);
  // Unparseable text goes to the API as typed, so its message names the field.
  if (Number.isNaN(date.getTime())) return value;
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * An ISO instant as a `datetime-local` value in local time; absent → ''.
 * Seconds are kept when there are any (the inputs take them, step=1), so a
 * stored time survives being opened and saved again.
 */
export function isoToLocal(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const seconds = d.getSeconds() === 0 ? '' : `:${pad(d.getSeconds())}`;
  return `${dayOf(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}${seconds}`;
}

/** A Date's local calendar day as a `date` input value. */
export function dayOf(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The local day `days` after the `date` input value `day` (negative: before). */
export function addDays(day, days) {
  const [y, m, d] = day.split('-').map(Number);
  return dayOf(new Date(y, m - 1, d + days));
}

/**
 * Whole local days, both inclusive, as the API's half-open period
 * [from 00:00, the day after `to` 00:00), in ISO instants.
 */
export function dayRange(fromDay, toDay) {
  return { from: localToIso(`${fromDay}T00:00`), to: localToIso(`${addDays(toDay, 1)}T00:00`) };
}

/**
 * "Europe/Berlin": the zone the local times are in, said once beside the
 * inputs. Its name rather than today's UTC offset, which is wrong for a date
 * on the other side of a daylight saving change.
 */
export function zoneLabel() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'the browser’s time zone';
}
