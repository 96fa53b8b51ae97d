/**
 * Numbers, measures and model codes written one way, so that the many ways
 * shoppers and catalogs write the same thing become the same words on both
 * sides (titles when indexed, queries when searched): `13.3"`, `13.3 in`,
 * `13.3-inch` and `13.3 inches` are all "13.3 inch"; `256GB`, `256 GB` and
 * `256 gigabytes` are "256 gb"; `iPhone11` and `iPhone 11` are "iphone 11";
 * "Battlefield Three" and "Force Unleashed II" are "battlefield 3" and
 * "force unleashed 2". Runs on normalised (lower-case) text, before it is
 * split into words.
 *
 * Each rule is written so that it cannot fire on ordinary words: number
 * words and roman numerals only as whole words, roman numerals only after
 * another word (a leading "V for Vendetta", "X-Men" stay letters), never "i"
 * (the pronoun) nor l, c, d, m; a unit only directly after a number; "in"
 * only when no number follows ("2 in 1", "3-in-1" keep their "in").
 */

const LETTER_OR_DIGIT = '[\\p{L}\\p{N}]';
const WHOLE_END = `(?!${LETTER_OR_DIGIT})`;

// "two" to "twelve": titles and shoppers mix "Three" and "3" ("battlefield three"). "one" is left out: it is far
// more often a pronoun or determiner ("the one", "one piece") than a count worth matching to "1".
const NUMBER_WORDS: Record<string, string> = {
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
};
const NUMBER_WORD = new RegExp(`(?<!${LETTER_OR_DIGIT})(${Object.keys(NUMBER_WORDS).join('|')})${WHOLE_END}`, 'gu');

// Sequels and editions: II to XX, standing alone right after a word ("wars iii: the clone wars"). Not "i", and not
// before a number, where "x" is shorthand ("x 360") rather than ten.
const ROMAN_VALUES = [
  'ii',
  'iii',
  'iv',
  'v',
  'vi',
  'vii',
  'viii',
  'ix',
  'x',
  'xi',
  'xii',
  'xiii',
  'xiv',
  'xv',
  'xvi',
  'xvii',
  'xviii',
  'xix',
  'xx',
];
const ROMAN_ALTERNATIVES = [...ROMAN_VALUES].sort((a, b) => b.length - a.length).join('|');
const ROMAN = new RegExp(`(?<=\\p{L} )(${ROMAN_ALTERNATIVES})${WHOLE_END}(?! ?\\d)`, 'gu');
// In a query, only where a title's sequel number stands: last, or before punctuation ("force unleashed ii",
// "wars iii: ..."). Followed by another word it is as often a letter ("guitar x box"), so the letters stay.
const ROMAN_AT_END = new RegExp(`(?<=\\p{L} )(${ROMAN_ALTERNATIVES})(?=\\s*(?:$|[^\\p{L}\\p{N}\\s]))`, 'gu');

// An inch mark after a number: 13.3", 13.3'', 13.3″ (NFKC makes it two primes), 13.3”.
const INCH_MARK = /(\d) ?(?:"|''|′′|″|”)/gu;

// Letters and digits glued together are split where they meet ("iphone11", "256gb", "2.5mm", "rtx4090"), except
// ordinals ("4th"). Latin letters only: Chinese is split by its own segmenter. The split is a hyphen, so the pieces
// stay one written word (analyze.ts wordGroups) as "wi-fi" does, and the stored side keeps the glued form too.
const GLUED = /(?<=\p{Script=Latin})(?=\d)|(?<=\d)(?=\p{Script=Latin})(?!(?:st|nd|rd|th)(?![\p{L}\p{N}]))/gu;

// Each unit's spellings → the one written. Plurals are listed: stemming does not reach "gigs" or "lbs".
const UNITS: Record<string, string[]> = {
  inch: ['inches', 'inch', 'in'],
  gb: ['gigabytes', 'gigabyte', 'gigs', 'gig'],
  tb: ['terabytes', 'terabyte'],
  mb: ['megabytes', 'megabyte'],
  mp: ['megapixels', 'megapixel'],
  w: ['watts', 'watt'],
  v: ['volts', 'volt'],
  mm: ['millimetres', 'millimeters', 'millimetre', 'millimeter'],
  cm: ['centimetres', 'centimeters', 'centimetre', 'centimeter'],
  m: ['metres', 'meters', 'metre', 'meter'],
  kg: ['kilograms', 'kilogram', 'kilos', 'kilo'],
  g: ['grams', 'gram'],
  lb: ['pounds', 'pound', 'lbs'],
  oz: ['ounces', 'ounce'],
  ml: ['millilitres', 'milliliters', 'millilitre', 'milliliter'],
  l: ['litres', 'liters', 'litre', 'liter'],
  ft: ['feet', 'foot'],
};
/** Whether a word is a unit as canonicalNumbers writes it ("inch", "gb", "m"): a number before it is a measure. */
export function isUnit(word: string): boolean {
  return Object.hasOwn(UNITS, word);
}
const UNIT_OF = new Map(Object.entries(UNITS).flatMap(([unit, spellings]) => spellings.map((s) => [s, unit] as const)));
// A spelling right after a number (a space or hyphen between); "in" must not be followed by a number ("2 in 1").
const UNIT_SPELLING = new RegExp(
  `(?<=\\d[ -]?)(?:(in)(?![ -]?\\d)|(${[...UNIT_OF.keys()].filter((s) => s !== 'in').join('|')}))${WHOLE_END}`,
  'gu',
);

// Screen sizes typed without their decimal point on a phone keyboard: "13 3 inch" for "13.3 inch".
const SPLIT_DECIMAL = /(?<![\d.])(\d{1,2}) (\d) (?=inch(?![\p{L}\p{N}]))/gu;

/**
 * The text with numbers, measures and model codes in their one written
 * form. `query` also reads "13 3 inch" as "13.3 inch": a shopper's way of
 * typing, which no catalog writes, so the stored side is left alone
 * (a title's "12 3-inch nails" stays twelve nails of three inches).
 */
export function canonicalNumbers(text: string, purpose: 'index' | 'query'): string {
  if (!/[0-9a-z]/.test(text)) return text;
  let out = text;
  if (/\d/.test(out))
    out = out.replace(INCH_MARK, (mark, digit: string, at: number, whole: string) =>
      closesQuote(whole, at + mark.length - 1) ? mark : `${digit} inch `,
    );
  out = out.replace(NUMBER_WORD, (word: string) => NUMBER_WORDS[word] ?? word);
  // The stored side keeps the letters beside the number, so a query that keeps them (a numeral followed by a word) still matches.
  if (purpose === 'index') out = out.replace(ROMAN, (numeral: string) => `${numeral} ${romanValue(numeral)}`);
  else out = out.replace(ROMAN_AT_END, romanValue);
  if (!/\d/.test(out)) return out;
  out = out.replace(GLUED, '-');
  out = out.replace(UNIT_SPELLING, (spelling: string) => UNIT_OF.get(spelling) ?? spelling);
  if (purpose === 'query') out = out.replace(SPLIT_DECIMAL, '$1.$2 ');
  return out;
}

const YEAR = /^(?:19|20)(\d\d)$/;

/**
 * A year's short form, as titles of yearly editions write it ("2012" →
 * "12": Madden NFL 12, WWE '12, NBA 2K12), or null for any other word. Only
 * the query side looks for it, as another way to write the year: a title's
 * "12" is as often a count as a year, so the stored side is left alone.
 */
export function shortYear(word: string): string | null {
  return YEAR.exec(word)?.[1] ?? null;
}

function romanValue(numeral: string): string {
  return String(ROMAN_VALUES.indexOf(numeral) + 2);
}

/** Whether the quote mark at `at` ends a quotation opened before it ('the "Halo 3" bundle'), rather than marking inches. */
function closesQuote(text: string, at: number): boolean {
  const mark = text[at];
  const before = text.slice(0, at);
  if (mark === '"') return (before.match(/"/g)?.length ?? 0) % 2 === 1;
  if (mark === '”') return before.lastIndexOf('“') > before.lastIndexOf('”');
  return false;
}
