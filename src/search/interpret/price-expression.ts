/**
 * A price said in the query ("shoes under 50", "headphones below $100",
 * "over 200", "between 50 and 100", "$50-100", "低于50", "50元以下"): the
 * search may treat it as a price filter on the other words (execute.ts) and
 * says so in the response, so the shopper can take it back.
 *
 * A number becomes a price only beside a word or sign that says so: a
 * comparison ("under", "over", "below", "above", "less than", "at most",
 * "低于", "以下", …), "between … and …", or a currency ("$50-100",
 * "50-100 dollars", "50到100元"). A bare "50-100", "x15", "size 42" or
 * "under 50 cm" (a unit after the number) is never a price. Values that make
 * no range (a minimum above the maximum, absurdly large numbers) are no
 * interpretation at all, never an error.
 */
export interface PriceExpression {
  /** The query without the price words; null when nothing else was typed (browse by price). */
  remaining: string | null;
  price: { gte?: number; lte?: number };
}

const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?`;
const SIGN = String.raw`[$€£¥]`;
const CURRENCY_WORD = String.raw`(?:dollars?|usd|eur|euros?|gbp|pounds?|bucks|rmb|cny|yuan|元|块|[$€£¥])`;
/** A price: an optional sign, the number, an optional currency word. Group 1 = sign, 2-3 = number, 4 = currency after. */
const PRICE = String.raw`(${SIGN})?\s*${NUMBER}(\s*${CURRENCY_WORD})?`;
/** A unit after a number makes it a measure, not a price. */
const UNIT_AFTER =
  /^\s*(?:cm|mm|m|km|in|inch|inches|ft|feet|"|kg|g|lb|lbs|oz|ml|l|gb|tb|mb|mah|w|kw|v|hz|khz|mhz|ghz|mp|mph|h|hrs?|hours?|min|pcs|pieces|pack|x|%|寸|英寸|厘米|毫米|米|克|千克|公斤|升|毫升|瓦|个|件|码)(?![a-z])/i;

const UPPER_WORDS = String.raw`(?:under|below|less than|cheaper than|up to|at most|max(?:imum)?|no more than|<=?|低于|少于|小于|不超过|不高于|不到)`;
const LOWER_WORDS = String.raw`(?:over|above|more than|at least|min(?:imum)?|no less than|>=?|高于|超过|大于|多于|不低于)`;

interface Bound {
  start: number;
  end: number;
  gte?: number;
  lte?: number;
}

const MAX_PRICE = 1e9;

function amount(digits: string | undefined, cents: string | undefined): number | null {
  if (digits === undefined) return null;
  const value = Number(digits.replace(/,/g, '')) + (cents === undefined ? 0 : Number(`0.${cents}`));
  return Number.isFinite(value) && value <= MAX_PRICE ? value : null;
}

/** "size under 42" is a size. */
const SIZE_BEFORE = /(?:sizes?|尺码|尺寸)\s*$/i;

/**
 * A pattern with word boundaries by hand: \b does not know Chinese, and a comparison word must not end inside another word
 * ("overall"). Compiled once: a Unicode-aware pattern costs more to compile than to run (#22, per-search CPU).
 */
const bounded = (pattern: string) => new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${pattern})(?![\p{L}\p{N}])`, 'giu');
const BETWEEN = bounded(String.raw`between\s+${PRICE}\s+(?:and|to|-)\s+${PRICE}`);
const RANGE = bounded(String.raw`${PRICE}\s*(?:-|–|to|到|至)\s*${PRICE}`);
const UPPER = bounded(String.raw`${UPPER_WORDS}\s*${PRICE}`);
const UPPER_AFTER = bounded(String.raw`${PRICE}\s*(?:以下|以内|之内)`);
const LOWER = bounded(String.raw`${LOWER_WORDS}\s*${PRICE}`);
const LOWER_AFTER = bounded(String.raw`${PRICE}\s*以上`);

/** Every match of `re` (global, case-insensitive) not followed by a unit nor preceded by "size". */
function* matches(text: string, re: RegExp): Generator<RegExpExecArray> {
  // matchAll works on a copy of the expression: the shared one's lastIndex never moves.
  for (const m of text.matchAll(re))
    if (!UNIT_AFTER.test(text.slice(m.index + m[0].length)) && !SIZE_BEFORE.test(text.slice(0, m.index))) yield m;
}

function bounds(text: string): Bound[] {
  const found: Bound[] = [];
  const span = (m: RegExpExecArray) => ({ start: m.index, end: m.index + m[0].length });
  for (const m of matches(text, BETWEEN)) {
    const [low, high] = [amount(m[2], m[3]), amount(m[6], m[7])];
    if (low !== null && high !== null) found.push({ ...span(m), gte: low, lte: high });
  }
  // A range needs a currency on one of its ends: "$50-100", "50-100 dollars", "50到100元".
  for (const m of matches(text, RANGE)) {
    if (m[1] === undefined && m[4] === undefined && m[5] === undefined && m[8] === undefined) continue;
    const [low, high] = [amount(m[2], m[3]), amount(m[6], m[7])];
    if (low !== null && high !== null) found.push({ ...span(m), gte: low, lte: high });
  }
  for (const m of matches(text, UPPER)) {
    const value = amount(m[2], m[3]);
    if (value !== null) found.push({ ...span(m), lte: value });
  }
  for (const m of matches(text, UPPER_AFTER)) {
    const value = amount(m[2], m[3]);
    if (value !== null) found.push({ ...span(m), lte: value });
  }
  for (const m of matches(text, LOWER)) {
    const value = amount(m[2], m[3]);
    if (value !== null) found.push({ ...span(m), gte: value });
  }
  for (const m of matches(text, LOWER_AFTER)) {
    const value = amount(m[2], m[3]);
    if (value !== null) found.push({ ...span(m), gte: value });
  }
  return found;
}

/** The price the query states, with the other words; null when it states none (or one that makes no range). */
export function parsePriceExpression(q: string): PriceExpression | null {
  // Every price has a digit: most queries are done here.
  if (!/\d/.test(q)) return null;
  const text = q.toLowerCase();
  const taken: Bound[] = [];
  // Earlier patterns (between, ranges) first; a later match overlapping a taken one is part of it ("between $50 and 100" is not also "over …").
  for (const bound of bounds(text)) if (!taken.some((t) => bound.start < t.end && t.start < bound.end)) taken.push(bound);
  if (taken.length === 0) return null;
  const price: PriceExpression['price'] = {};
  for (const bound of taken) {
    // Two lower (or upper) bounds contradict each other's reading: no interpretation.
    if (bound.gte !== undefined) {
      if (price.gte !== undefined) return null;
      price.gte = bound.gte;
    }
    if (bound.lte !== undefined) {
      if (price.lte !== undefined) return null;
      price.lte = bound.lte;
    }
  }
  if (price.gte !== undefined && price.lte !== undefined && price.gte > price.lte) return null;
  let remaining = '';
  let at = 0;
  for (const bound of [...taken].sort((a, b) => a.start - b.start)) {
    remaining += `${q.slice(at, bound.start)} `;
    at = bound.end;
  }
  remaining = `${remaining}${q.slice(at)}`.replace(/\s+/g, ' ').trim();
  return { remaining: remaining === '' ? null : remaining, price };
}
