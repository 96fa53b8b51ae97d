import { canonicalNumbers, isUnit, normalize } from '../../src/core/text';

/**
 * Editions of one series, newest first. Products whose titles are the same
 * but for their numbers are editions, models or years of one thing ("Madden
 * NFL 11" and "Madden NFL 12", "Gears of War 2" and "3", "Phone X15" and
 * "X16"). A shopper who names no number ("madden", "gears of war") matches
 * them all alike, and is most often after the latest; so among the results
 * shown, the editions of a series take the places they already hold, the
 * highest number first. Numbers the query names are left out of the
 * comparison (the "360" of "xbox 360" is in every title), and a series whose
 * titles differ in a number the query names is left as ranked: the shopper
 * chose. An edition in stock stays above one that is not, as stock ranked
 * them. Only the order within a page changes, never which products it holds,
 * so pages never repeat or skip a product.
 */
export function newestEditionsFirst<T>(hits: readonly T[], describe: (hit: T) => EditionHit, query: string): T[] {
  const named = new Set(numbersIn(read(query)));
  const series = new Map<string, Array<{ at: number; inStock: boolean; edition: number[]; namedNumbers: string }>>();
  hits.forEach((hit, at) => {
    const { title, inStock } = describe(hit);
    if (title === null) return;
    const text = read(title);
    const numbers = numbersIn(text);
    if (numbers.length === 0) return;
    const key = text.replace(NUMBER, '#');
    // Titles of numbers alone ("1984", "2001") are the same but for their numbers, and name no series.
    if (!LETTER.test(key)) return;
    const members = series.get(key) ?? [];
    members.push({
      at,
      inStock,
      edition: numbers.filter((n) => !named.has(n)).map(Number),
      namedNumbers: numbers.filter((n) => named.has(n)).join(' '),
    });
    series.set(key, members);
  });
  const out = [...hits];
  for (const members of series.values()) {
    if (members.length < 2 || new Set(members.map((m) => m.namedNumbers)).size > 1) continue;
    const newest = [...members].sort((a, b) => Number(b.inStock) - Number(a.inStock) || compareDescending(a.edition, b.edition));
    members.forEach((slot, i) => (out[slot.at] = hits[newest[i]!.at]!));
  }
  return out;
}

/** What the ordering reads of a hit. */
export interface EditionHit {
  title: string | null;
  inStock: boolean;
}

const NUMBER = /\d+(?:\.\d+)?/g;
const LETTER = /\p{L}/u;
// A number with the word after it: a unit there makes it a measure ("256-gb", "55 inch"), a variant rather than an
// edition, so sizes and capacities keep the order relevance gave them.
const NUMBER_AND_NEXT_WORD = /(?<![\p{L}\p{N}.])(\d+(?:\.\d+)?)(?:[- ](\p{L}+))?/gu;

/** Numbers written one way ("Three", "II" and "3" alike), as search reads them. */
function read(text: string): string {
  return canonicalNumbers(normalize(text), 'query');
}

/**
 * The edition numbers of a text: every whole number but measures, and but the first of "2 in 1", a kind of product
 * ("in" after a number is still "in" only there: read() writes an inch "inch"). Its "1" is in every such title.
 */
function numbersIn(text: string): string[] {
  return [...text.matchAll(NUMBER_AND_NEXT_WORD)].filter((m) => m[2] === undefined || !(isUnit(m[2]) || m[2] === 'in')).map((m) => m[1]!);
}

/** Higher editions first, number by number; equal editions keep their order (the sort is stable). */
function compareDescending(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (b[i] ?? -1) - (a[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}
