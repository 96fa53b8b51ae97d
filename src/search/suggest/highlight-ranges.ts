import { normalize } from '../../core/text';
import { fuzzinessFor } from '../../../ranking/query/query-text';
import { withinEdits } from '../../../ranking/query/edit-distance';

/** A [start, end) range of UTF-16 code units in the text shown. */
export type Range = [number, number];

/** One code point of the folded text, with the span of the original it came from. */
interface Folded {
  char: string;
  start: number;
  end: number;
}

const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;
// Dropped inside words, as normalize() drops them: "Men's" and "mens" meet.
const APOSTROPHE = /['’‘`´]/u;

/**
 * The text folded one character at a time by normalize() (case, width,
 * accents, ß → ss), each folded character remembering which characters of
 * the original it stands for, so matches found in the folded form map back.
 */
function fold(text: string): Folded[] {
  const out: Folded[] = [];
  let offset = 0;
  for (const ch of text) {
    const start = offset;
    offset += ch.length;
    if (APOSTROPHE.test(ch)) continue;
    if (SPACE.test(ch)) {
      out.push({ char: ' ', start, end: offset });
      continue;
    }
    for (const char of normalize(ch)) out.push({ char, start, end: offset });
  }
  return out;
}

interface Token {
  chars: Folded[];
  han: boolean;
}

/** Runs of letters and digits (a word), and runs of Chinese characters, in order. */
function tokens(folded: Folded[]): Token[] {
  const out: Token[] = [];
  let current: Token | null = null;
  for (const f of folded) {
    const han = HAN.test(f.char);
    if (!han && !WORD.test(f.char)) {
      current = null;
      continue;
    }
    if (current === null || current.han !== han) out.push((current = { chars: [], han }));
    current.chars.push(f);
  }
  return out;
}

const text = (chars: readonly Folded[]) => chars.map((c) => c.char).join('');
const span = (chars: readonly Folded[]): Range => [chars[0]!.start, chars[chars.length - 1]!.end];

/** Each word of the title that starts with `typed` (one typo allowed from four letters on, as suggestions do): its first letters. */
function wordMatches(title: readonly Token[], typed: string, length: number): Range[] {
  const words = title.filter((t) => !t.han && t.chars.length >= length);
  const exact = words.filter((w) => text(w.chars.slice(0, length)) === typed);
  const found =
    exact.length > 0 || fuzzinessFor(typed) === 0 ? exact : words.filter((w) => withinEdits(text(w.chars.slice(0, length)), typed, 1));
  return found.map((w) => span(w.chars.slice(0, length)));
}

/** The typed Chinese characters where the title has them: as a run when it has the whole run, else one by one. */
function hanMatches(title: readonly Folded[], typed: readonly Folded[]): Range[] {
  const run = text(typed);
  const ranges: Range[] = [];
  const chars = title.map((f) => f.char);
  for (let i = 0; i + typed.length <= chars.length; i++)
    if (chars.slice(i, i + typed.length).join('') === run) ranges.push(span(title.slice(i, i + typed.length)));
  if (ranges.length > 0) return ranges;
  const wanted = new Set(typed.map((f) => f.char));
  return title.filter((f) => wanted.has(f.char)).map((f): Range => [f.start, f.end]);
}

/** Sorted, overlapping or touching ranges joined. */
function merged(ranges: Range[]): Range[] {
  const out: Range[] = [];
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1])) {
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/**
 * The parts of `title` that match what the shopper typed, as UTF-16
 * [start, end) ranges of the title as shown: for each typed word, the start
 * of every title word it begins (case-, width- and accent-insensitive, as
 * matching is); for typed Chinese, the characters it matched.
 */
export function highlightRanges(title: string, typed: string): Range[] {
  const titleFolded = fold(title);
  const titleTokens = tokens(titleFolded);
  const titleHan = titleFolded.filter((f) => HAN.test(f.char));
  const ranges: Range[] = [];
  for (const token of tokens(fold(typed))) {
    if (token.han) ranges.push(...hanMatches(titleHan, token.chars));
    else ranges.push(...wordMatches(titleTokens, text(token.chars), token.chars.length));
  }
  return merged(ranges);
}
