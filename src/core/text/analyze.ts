import { PorterStemmer } from 'natural/lib/natural/stemmers';
import { chineseSegmenter, type ChineseSegmenter } from './chinese';
import { normalize } from './normalize';
import { canonicalNumbers } from './numbers';

/**
 * The analysis chain Elasticsearch would run if this server had the
 * analysis-common module: normalise, split (jieba for Chinese), stem English.
 * Documents store the output in whitespace-analysed fields, and queries run
 * the same chain, so both sides always agree on what a term is.
 */

export type AnalysisPurpose = 'index' | 'query';

export interface AnalyzeOptions {
  /**
   * `index` casts a wider net for the stored side: jieba's search mode and
   * joined forms of hyphenated words ("wi-fi" → wi, fi, wifi). `query` keeps
   * one reading of what the shopper typed.
   */
  purpose: AnalysisPurpose;
  /** Chinese word splitter. @default the process's shared jieba */
  segmenter?: ChineseSegmenter;
}

// A Chinese run, or letters/digits possibly joined by - or . ("usb-c", "2.5", "wi-fi").
// Han is excluded from the second branch so "flex系列" splits into "flex" and "系列".
const TOKEN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+(?:[-.](?:(?!\p{Script=Han})[\p{L}\p{N}])+)*/gu;
const HAN = /^\p{Script=Han}+$/u;
// Split on hyphens and on dots that are not decimal points ("2.5mm" stays whole).
const JOINER = /-|\.(?!\d)|(?<!\d)\./;
const STEMMABLE = /^[a-z]+$/;
const BLANK = /^\s*$/;

/**
 * Normalised words, not stemmed: what exact-word, prefix (as-you-type) and
 * fuzzy matching compare. "Nike 跑鞋 Air-Max" → ["nike", "跑鞋", "air", "max"]
 * (plus "airmax" for the index). Numbers, measures and model codes are
 * written one way first (numbers.ts): "iPhone11 256GB" → ["iphone", "11",
 * "256", "gb"].
 */
export function words(text: string, options: AnalyzeOptions): string[] {
  return wordGroups(text, options).flat();
}

/**
 * words(), grouped by what was written as one: the parts of a hyphenated
 * word or of letters glued to digits share a group ("X16 Wi-Fi" →
 * [["x", "16"], ["wi", "fi"]]), every other word is a group of its own, and
 * so is each extra form the stored side adds. A query keeps a group's words
 * together: "x16" is one model, never "x" or "16" alone.
 */
export function wordGroups(text: string, options: AnalyzeOptions): string[][] {
  const out: string[][] = [];
  const emitted = new Set<string>();
  const emit = (group: string[]) => {
    out.push(group);
    for (const word of group) emitted.add(word);
  };
  const segmenter = options.segmenter ?? chineseSegmenter();
  // Chinese words in a row across spaces ("女子 跑步 鞋"), one reading each:
  // the stored side adds the listed compounds they spell ("跑步鞋").
  let chineseRow: string[] = [];
  const endRow = () => {
    if (chineseRow.length > 1) for (const compound of segmenter.compoundsIn(chineseRow)) if (!emitted.has(compound)) emit([compound]);
    chineseRow = [];
  };
  const normalized = canonicalNumbers(normalize(text), options.purpose);
  let previousEnd = 0;
  for (const { 0: token, index } of normalized.matchAll(TOKEN)) {
    // Punctuation between two runs ends the row: "跑步，鞋" spells no compound.
    if (!BLANK.test(normalized.slice(previousEnd, index))) endRow();
    previousEnd = index + token.length;
    if (HAN.test(token)) {
      for (const word of segmenter.segment(token, options.purpose)) emit([word]);
      if (options.purpose === 'index') chineseRow.push(...segmenter.segment(token, 'query'));
      continue;
    }
    endRow();
    if (!JOINER.test(token)) {
      emit([token]);
    } else {
      const parts = token.split(JOINER);
      emit(parts);
      // The joined form lets "wifi" find "Wi-Fi"; only the stored side needs it.
      if (options.purpose === 'index') emit([parts.join('')]);
    }
  }
  endRow();
  return out;
}

/**
 * Where the words of an already normalised text begin: after spaces, and at
 * jieba's word boundaries inside Chinese ("nimbus 男士越野跑鞋" → 0, 7, 9,
 * 11). As-you-type matching starts there, so 跑 finds a title whose noun
 * 跑鞋 comes last, as Chinese product nouns do.
 */
export function wordStarts(text: string, segmenter: ChineseSegmenter = chineseSegmenter()): number[] {
  const starts: number[] = [];
  for (const { 0: token, index } of text.matchAll(TOKEN)) {
    starts.push(index);
    if (!HAN.test(token)) continue;
    const parts = segmenter.segment(token, 'query');
    // Offsets only add up if the words spell the run exactly.
    if (parts.join('') !== token) continue;
    let at = index;
    for (const part of parts.slice(0, -1)) starts.push((at += part.length));
  }
  return starts;
}

// Porter stemming costs microseconds per word and catalogs reuse a small
// vocabulary, so stems are memoised. The memo is a pure function's cache
// (same input, same output), bounded by clearing it when full.
const STEM_CACHE_LIMIT = 100_000;
const stems = new Map<string, string>();

/** Porter stem of a plain English word; other tokens (Chinese, digits, mixed) are returned as they are. */
export function stem(word: string): string {
  if (word.length <= 2 || !STEMMABLE.test(word)) return word;
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    if (stems.size >= STEM_CACHE_LIMIT) stems.clear();
    stemmed = PorterStemmer.stem(word);
    stems.set(word, stemmed);
  }
  return stemmed;
}

// "-es" that belongs to the plural only after these endings: boxes, glasses, watches, dishes, quizzes.
const SIBILANT_ES = /(?:ss|x|zz|ch|sh)es$/;

/**
 * The singular of a plain English plural, by the conservative rules of
 * Lucene's minimal English stemmer plus "-es" after a sibilant: "laptops" →
 * "laptop", "batteries" → "battery", "boxes" → "box", "shoes" → "shoe";
 * "glass", "bus", "analysis" and words of four letters or fewer ("news",
 * "ties") stay. Stems already fold plurals for term matching; this is for
 * what compares unstemmed words (the as-you-type prefix), so that typing a
 * plural never favours the titles that happen to use the plural.
 */
export function singular(word: string): string {
  if (word.length <= 4 || !STEMMABLE.test(word) || !word.endsWith('s')) return word;
  if (/(?:ss|us|is)$/.test(word)) return word;
  if (/[^ae]ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (SIBILANT_ES.test(word)) return word.slice(0, -2);
  if (/[aeio]es$/.test(word) && !word.endsWith('oes')) return word;
  return word.slice(0, -1);
}

/**
 * The terms a text contributes to a `*_terms` field, or that a query looks
 * for there: words with English stems ("Running Shoes" and "run shoe" both
 * give ["run", "shoe"]).
 */
export function analyze(text: string, options: AnalyzeOptions): string[] {
  return words(text, options).map(stem);
}

const JOINABLE = /^(?:(?!\p{Script=Han})[\p{L}\p{N}])+$/u;

/**
 * Each pair of neighbouring words written together: ["dead", "space", "2"]
 * → ["deadspace", "space2"]. Shoppers glue and split words ("deadspace" for
 * "Dead Space", "rock smith" for "Rocksmith", "x box"): documents store their
 * titles' pairs joined, and a query word is also looked for joined with its
 * neighbours, so either spelling finds the other. Chinese has no spaces to
 * glue or split and is left out.
 */
export function joinedPairs(words: readonly string[]): string[] {
  return joinedRuns(words, 2);
}

/**
 * Each run of three neighbouring words written together: ["gears", "of",
 * "war", "3"] → ["gearsofwar", "ofwar3"]. A shopper also glues a short name
 * whole ("gearsofwar", "dragonballz"); only the stored side needs these, a
 * query word is looked for among them as among the pairs.
 */
export function joinedTriples(words: readonly string[]): string[] {
  return joinedRuns(words, 3);
}

function joinedRuns(words: readonly string[], length: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + length <= words.length; i++) {
    const run = words.slice(i, i + length);
    if (run.every((w) => JOINABLE.test(w))) out.push(run.join(''));
  }
  return out;
}
