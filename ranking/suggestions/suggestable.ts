/**
 * Whether a query shoppers typed may be offered to other shoppers as an
 * as-you-type suggestion. Suggestions are shown to everyone, so this errs
 * towards refusing: a real product query lost here is still searchable, a
 * query-syntax probe or an injection string offered in every search box is
 * not acceptable. The refresh job applies it before a query is counted and
 * the suggest service again before one is shown (rows counted by older code
 * may hold anything).
 *
 * It judges text as the search log stores it (normalised: lower case, folded,
 * whitespace collapsed) but works on raw text too; upper-case Lucene operators
 * are caught either way because the word lists are compared case-insensitively.
 */
import { mixesScripts } from './fold';

export const suggestableLimits = {
  /** Longer queries are one-off sentences or pasted text, not suggestions. */
  maxLength: 60,
  maxWords: 8,
  /** A "word" this long is a hash, a token or a mashed key. */
  maxWordLength: 30,
  /** Letters among the non-space characters: model numbers such as "i7 12700k" (0.25) pass, "a1234" and "1234 5678" do not. */
  minLetterShare: 0.25,
} as const;

export type UnsuggestableReason =
  | 'too-short'
  | 'too-long'
  | 'control-character'
  | 'syntax-character'
  | 'stray-quote'
  | 'boolean-operator'
  | 'sql'
  | 'url'
  | 'email'
  | 'too-few-letters'
  | 'repeated-character'
  | 'long-word'
  | 'mixed-script';

// Characters of query, markup, template and shell syntax that product names do not need:
// Lucene (: [ ] { } ( ) ^ ~ * ? \ " ! |), HTML (< >), SQL (= ;), templates ($ { }), '#', '@' and backticks.
const SYNTAX = /[:[\]{}()^~*?\\"!|<>=;$#@`]/u;
// Invisible or control characters: NUL and C0/C1 controls, zero-width and direction marks, the BOM, and every other
// Default_Ignorable_Code_Point (variation selectors such as U+FE0F, the soft hyphen U+00AD, U+2060..).
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\p{Default_Ignorable_Code_Point}]/u;
// A quote that is not an apostrophe inside a word ("men's" is fine; "' or ''='" is not).
const STRAY_QUOTE = /(?<!\p{L})['’‘´]|['’‘´](?!\p{L})/u;
const PERCENT_WITHOUT_NUMBER = /(?<!\d)%/u;
const SQL =
  /\b(union\s+(all\s+)?select|select\s+.+\s+from|insert\s+into|delete\s+from|drop\s+(table|database)|update\s+\S+\s+set|waitfor\s+delay|xp_\w+)\b|--|\/\*|\*\/|&&/iu;
// Lucene's required/prohibited prefixes ("+shoes -red") and file paths ("/etc/passwd", "../").
const PREFIX_OPERATOR = /(^|\s)[+/-]\S|\.\.[/\\]/u;
const URL =
  /(^|\s)([a-z][a-z0-9+.-]*:\/\/|www\.)|(^|\s)[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.(com|net|org|edu|gov|io|co|cn|ru|de|uk|fr|jp|info|biz|xyz|top|app|dev|site|online|shop|store|me|ly|gl|to|cc|tk)(\/\S*)?(\s|$)/iu;
const EMAIL = /\S+@\S+\.\S+/u;
const BOOLEAN = new Set(['and', 'or', 'not']);
// Digits repeat in real queries ("100000 mah"); letters and punctuation five times in a row are a mashed key.
const REPEATED = /(\D)\1{4,}/u;
const LETTER = /\p{L}/gu;

/** Why `text` may not be a suggestion, or null when it may. */
export function unsuggestableReason(text: string): UnsuggestableReason | null {
  if (CONTROL.test(text)) return 'control-character';
  if (mixesScripts(text)) return 'mixed-script';
  const trimmed = text.trim().replace(/\s+/gu, ' ');
  const length = [...trimmed].length;
  if (length < 2) return 'too-short';
  if (length > suggestableLimits.maxLength) return 'too-long';
  if (EMAIL.test(trimmed)) return 'email';
  if (URL.test(trimmed)) return 'url';
  if (SQL.test(trimmed)) return 'sql';
  if (SYNTAX.test(trimmed) || PERCENT_WITHOUT_NUMBER.test(trimmed) || PREFIX_OPERATOR.test(trimmed)) return 'syntax-character';
  if (STRAY_QUOTE.test(trimmed)) return 'stray-quote';
  const words = trimmed.split(' ');
  if (words.length > suggestableLimits.maxWords) return 'too-long';
  if (hasBooleanOperator(words)) return 'boolean-operator';
  if (words.some((w) => [...w].length > suggestableLimits.maxWordLength)) return 'long-word';
  if (REPEATED.test(trimmed)) return 'repeated-character';
  const visible = [...trimmed.replace(/ /g, '')].length;
  const letters = trimmed.match(LETTER)?.length ?? 0;
  if (letters === 0 || letters / visible < suggestableLimits.minLetterShare) return 'too-few-letters';
  return null;
}

export function isSuggestable(text: string): boolean {
  return unsuggestableReason(text) === null;
}

/**
 * "salt and pepper" is a product; "a and b or c", "1 or 1", "shoes or" and
 * "x AND y" are boolean probes. A query is refused when it has two boolean
 * words, starts or ends with one, puts one next to a one-character or
 * letterless word, or writes one in capitals (Lucene's operator syntax).
 */
function hasBooleanOperator(words: string[]): boolean {
  const operators = words.map((w) => BOOLEAN.has(w.toLowerCase()));
  const count = operators.filter(Boolean).length;
  if (count === 0) return false;
  if (count >= 2 || operators[0] || operators[operators.length - 1]) return true;
  return words.some((word, i) => {
    if (!operators[i]) return false;
    if (word === word.toUpperCase()) return true;
    return [words[i - 1], words[i + 1]].some((n) => n !== undefined && ([...n].length === 1 || !/\p{L}/u.test(n)));
  });
}
