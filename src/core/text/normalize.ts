import * as OpenCC from 'opencc-js';

/**
 * Text normalisation shared by indexing and querying. Elasticsearch core on
 * this server has no asciifolding, cjk_width, icu or stconvert filters, so
 * this is the only place where case, width, accents and Chinese scripts are
 * folded: a query matches a document only if both went through the same
 * function.
 */

// Latin letters keep their base letter; combining marks on other scripts (e.g.
// Japanese dakuten) change meaning and are kept.
const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;
// Letters that have no decomposition but that shoppers type without the stroke.
const LATIN_EXTRAS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', þ: 'th', ı: 'i' };
const LATIN_EXTRAS_RE = new RegExp(`[${Object.keys(LATIN_EXTRAS).join('')}]`, 'g');
// Typographic apostrophes inside words ("men’s") become nothing, so "mens" and "men's" meet.
const APOSTROPHES = /(?<=\p{L})['’‘`´](?=\p{L})/gu;
const SPACES = /\s+/gu;
// eslint-disable-next-line no-control-regex -- the ASCII test covers every code point below 0x80, control characters included.
const ASCII = /^[\x00-\x7f]*$/;
// Latin-1 Supplement to Latin Extended Additional, plus combining marks typed separately.
// eslint-disable-next-line no-misleading-character-class -- combining marks typed on their own are meant to match one by one.
const ACCENTABLE = /[\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]/;
const EXTRAS_PRESENT = /[ßæœøđłþı]/;
const APOSTROPHE_PRESENT = /['’‘`´]/;
const HAN_PRESENT = /\p{Script=Han}/u;

// Traditional → simplified with OpenCC's generic tables (characters and the
// phrases whose conversion depends on context). Shoppers in Taiwan and Hong
// Kong type 耳機 for a catalogue written 耳机 and the other way round; folding
// both sides to simplified makes them one word, and jieba's dictionary is
// simplified, so segmentation improves too. Simplified text passes unchanged.
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

/**
 * Folds text to the form both sides compare: NFKC (full-width "ＡＢＣ" → "ABC",
 * ligatures, compatibility digits), lower case, Latin accents removed
 * ("Café" → "cafe"), apostrophes inside words dropped, whitespace collapsed,
 * traditional Chinese folded to simplified ("藍牙耳機" → "蓝牙耳机").
 */
export function normalize(text: string): string {
  // NFKC is a no-op on ASCII and the decompose/recompose round trip is only
  // needed where Latin letters may carry accents: skipping them when they
  // cannot matter makes indexing several times faster.
  let out = ASCII.test(text) ? text.toLowerCase() : text.normalize('NFKC').toLowerCase();
  if (ACCENTABLE.test(out)) out = out.normalize('NFD').replace(LATIN_MARKS, '$1').normalize('NFC');
  if (EXTRAS_PRESENT.test(out)) out = out.replace(LATIN_EXTRAS_RE, (ch) => LATIN_EXTRAS[ch] ?? ch);
  if (APOSTROPHE_PRESENT.test(out)) out = out.replace(APOSTROPHES, '');
  if (HAN_PRESENT.test(out)) out = toSimplified(out);
  return out.replace(SPACES, ' ').trim();
}

const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/**
 * normalize() with punctuation turned into single spaces: "Flex Jacket, Grey"
 * → "flex jacket grey". For prefix matching on whole strings (completion
 * inputs and the prefix typed against them), where a stray comma would
 * otherwise break the match.
 */
export function plainText(text: string): string {
  return normalize(text).replace(NOT_WORD, ' ').trim();
}
