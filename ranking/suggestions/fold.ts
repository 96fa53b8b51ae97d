import { normalize } from '../../src/core/text';
import type { SuggestionMatch } from './pattern';

/**
 * The one form suggestions are judged and bans are matched in. normalize()
 * already applies NFKC, lower case and Latin accent folding; on top of it:
 * - Default_Ignorable_Code_Point characters (U+FE0F, U+200B..U+200F, U+00AD,
 *   U+2060.., the BOM...) are removed: they are invisible, so "scam\uFE0F"
 *   reads as "scam" and must be judged as "scam";
 * - Latin small capitals (ꜱᴄᴀᴍ), which NFKC leaves alone, become their letters.
 */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const SMALL_CAPITALS: Record<string, string> = {
  ᴀ: 'a',
  ʙ: 'b',
  ᴄ: 'c',
  ᴅ: 'd',
  ᴇ: 'e',
  ꜰ: 'f',
  ɢ: 'g',
  ʜ: 'h',
  ɪ: 'i',
  ᴊ: 'j',
  ᴋ: 'k',
  ʟ: 'l',
  ᴍ: 'm',
  ɴ: 'n',
  ᴏ: 'o',
  ᴘ: 'p',
  ꞯ: 'q',
  ʀ: 'r',
  ꜱ: 's',
  ᴛ: 't',
  ᴜ: 'u',
  ᴠ: 'v',
  ᴡ: 'w',
  ʏ: 'y',
  ᴢ: 'z',
};
const SMALL_CAPITALS_RE = new RegExp(`[${Object.keys(SMALL_CAPITALS).join('')}]`, 'gu');

export function foldSuggestionText(text: string): string {
  return normalize(text.replace(IGNORABLE, '').replace(SMALL_CAPITALS_RE, (ch) => SMALL_CAPITALS[ch] ?? ch));
}

/**
 * Scripts whose letters pass for Latin ones (Cyrillic "ѕ", Greek "ο", Cherokee
 * "ꮪꮯꭺꮇ"...). A word mixing scripts is refused whatever the scripts; a query
 * with Latin in one word and one of these in another is refused too, since
 * "nimbus ꮪꮯꭺꮇ" mixes scripts only across words. Han, kana and Hangul next to
 * Latin ("iphone 手机壳", even "iphone手机壳") are normal queries and stay.
 */
const LOOKALIKE_SCRIPTS = [
  'Cyrillic',
  'Greek',
  'Cherokee',
  'Armenian',
  'Coptic',
  'Lisu',
  'Canadian_Aboriginal',
  'Deseret',
  'Osage',
  'Vai',
  'Bamum',
  'Georgian',
  'Tifinagh',
  'Old_Italic',
  'Gothic',
  'Runic',
] as const;
const SCRIPT_OF = [
  ['Latin', /\p{Script=Latin}/u] as const,
  ...LOOKALIKE_SCRIPTS.map((s) => [s, new RegExp(`\\p{Script=${s}}`, 'u')] as const),
];
// East Asian scripts glued to Latin ("iphone手机壳") are one word without being a spoof.
const OTHER_LETTER = /\p{L}/u;

function scriptOf(ch: string): string | null {
  if (!OTHER_LETTER.test(ch)) return null;
  for (const [name, re] of SCRIPT_OF) if (re.test(ch)) return name;
  return 'other';
}

/** Whether the text mixes scripts the way lookalike spoofs do (see LOOKALIKE_SCRIPTS), or writes Latin in small capitals. */
export function mixesScripts(text: string): boolean {
  if (new RegExp(SMALL_CAPITALS_RE.source, 'u').test(text)) return true;
  const inQuery = new Set<string>();
  for (const word of text.split(/[^\p{L}\p{M}\p{N}]+/u)) {
    const inWord = new Set<string>();
    for (const ch of word) {
      const script = scriptOf(ch);
      if (script !== null && script !== 'other') inWord.add(script);
    }
    if (inWord.size > 1) return true;
    for (const s of inWord) inQuery.add(s);
  }
  return inQuery.has('Latin') && inQuery.size > 1;
}

export interface SuggestionBan {
  text: string;
  match: SuggestionMatch;
}

// Punctuation, hyphens and symbols break words: "nimbus-scam" and "scam." hold the word "scam".
const WORD_BREAK = /[^\p{L}\p{M}\p{N}]+/gu;
// Scripts written without spaces between words: a ban on a word of theirs matches anywhere in the text.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

const wordsOf = (text: string): string[] => foldSuggestionText(text).replace(WORD_BREAK, ' ').trim().split(' ').filter(Boolean);

/**
 * Whether a ban hides a suggestion. Both texts are folded (foldSuggestionText)
 * and cut into words at spaces, punctuation and hyphens, then:
 * - exact: the same words ("nimbus scam." is "nimbus scam");
 * - contains: the ban's words appear in a row, each as itself or its simple
 *   plural ("scam" hides "nimbus scams", "nimbus-scam shoes"); not as a part
 *   of a longer word ("nike" does not hide "nikeland");
 * - contains in a script written without spaces (Chinese): the characters
 *   anywhere in the text.
 * Word matching rather than substrings keeps a ban on "nike" from hiding
 * "nikeland" or one on "ass" from hiding "glass"; the plural covers the
 * inflection a spoofer reaches for first.
 */
export function banHides(ban: SuggestionBan, suggestion: string): boolean {
  const banned = wordsOf(ban.text);
  if (banned.length === 0) return false;
  const words = wordsOf(suggestion);
  if (ban.match === 'exact') return banned.length === words.length && banned.every((w, i) => words[i] === w);
  if (UNSPACED.test(ban.text)) return words.join(' ').includes(banned.join(' '));
  const matches = (word: string | undefined, b: string) => word === b || word === `${b}s` || word === `${b}es`;
  for (let i = 0; i + banned.length <= words.length; i++) if (banned.every((b, j) => matches(words[i + j], b))) return true;
  return false;
}

export function isBanned(suggestion: string, bans: readonly SuggestionBan[]): boolean {
  return bans.some((ban) => banHides(ban, suggestion));
}
