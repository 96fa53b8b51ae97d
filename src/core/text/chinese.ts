import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

/** Splits a run of Chinese characters into words. */
export interface ChineseSegmenter {
  /**
   * `index` also emits the shorter words inside long ones (jieba's search
   * mode: 中华人民共和国 → 中华, 人民, 共和国, …) so that a query for a part
   * finds the whole; `query` keeps the most likely single segmentation.
   */
  segment(text: string, purpose: 'index' | 'query'): string[];
  /**
   * The listed retail words that neighbouring words spell when written
   * together: ["女子", "跑步", "鞋"] → ["跑步鞋"]. A title that writes a
   * compound's pieces apart ("跑步 鞋") is indexed with the compound too, so
   * the query 跑步鞋 finds it, while pieces far apart do not.
   */
  compoundsIn(words: readonly string[]): string[];
}

/**
 * Chinese retail words the segmenter keeps whole: the shipped, editable list
 * in dictionaries/retail-words.txt (its header says how to add one and why a
 * change needs a reindex). Index and query load the same list.
 */
export const RETAIL_WORDS_FILE = path.join(__dirname, 'dictionaries', 'retail-words.txt');

/** jieba's weight for a listed word without one: high enough to win against the general dictionary's readings. */
const DEFAULT_FREQUENCY = 20_000;

export interface RetailWord {
  word: string;
  frequency: number;
}

/** The list's lines as words: `word [frequency]`, `#` comments and blank lines skipped. */
export function parseRetailWords(text: string): RetailWord[] {
  const out: RetailWord[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const [word, frequency, ...rest] = line.split(/\s+/);
    const weight = frequency === undefined ? DEFAULT_FREQUENCY : Number(frequency);
    if (rest.length > 0 || !Number.isInteger(weight) || weight <= 0 || !/^\p{Script=Han}+$/u.test(word!)) {
      throw new Error(`retail words line ${i + 1}: expected "<Chinese word> [frequency]", got "${raw}"`);
    }
    out.push({ word: word!, frequency: weight });
  });
  return out;
}

// Catalogues repeat their Chinese phrases (a merchant's descriptions, category
// words), and each jieba call crosses into native code and back: runs are
// memoised per purpose, like stems. A pure function's cache, cleared when full.
const SEGMENT_CACHE_LIMIT = 50_000;

export function createChineseSegmenter(
  retailWords: readonly RetailWord[] = parseRetailWords(readFileSync(RETAIL_WORDS_FILE, 'utf8')),
): ChineseSegmenter {
  const jieba = Jieba.withDict(dict);
  // The pieces the general dictionary cuts each listed word into, read before
  // the list is loaded: the index keeps them beside the whole word, so adding
  // a word never takes away a term a query for a piece used to find.
  const pieces = new Map<string, readonly string[]>();
  for (const { word } of retailWords) {
    const cut = jieba.cut(word, true);
    if (cut.length > 1) pieces.set(word, cut);
  }
  if (retailWords.length > 0) jieba.loadDict(Buffer.from(retailWords.map((w) => `${w.word} ${w.frequency} n`).join('\n')));
  const listed = new Set(retailWords.map((w) => w.word));
  const longest = Math.max(0, ...retailWords.map((w) => w.word.length));
  const memo = { index: new Map<string, readonly string[]>(), query: new Map<string, readonly string[]>() };
  const cutForIndex = (text: string): string[] => {
    const out: string[] = [];
    for (const word of jieba.cutForSearch(text, true)) {
      if (word.trim() === '') continue;
      for (const piece of pieces.get(word) ?? []) if (!out.includes(piece)) out.push(piece);
      out.push(word);
    }
    return out;
  };
  return {
    segment(text, purpose) {
      const cache = memo[purpose];
      let words = cache.get(text);
      if (words === undefined) {
        if (cache.size >= SEGMENT_CACHE_LIMIT) cache.clear();
        words = purpose === 'index' ? cutForIndex(text) : jieba.cut(text, true).filter((w) => w.trim() !== '');
        cache.set(text, words);
      }
      // Callers own the array they get.
      return words.slice();
    },
    compoundsIn(words) {
      const out: string[] = [];
      for (let start = 0; start < words.length; start++) {
        let joined = words[start]!;
        for (let end = start + 1; end < words.length && joined.length < longest; end++) {
          joined += words[end]!;
          if (listed.has(joined) && !out.includes(joined)) out.push(joined);
        }
      }
      return out;
    },
  };
}

let shared: ChineseSegmenter | undefined;

/**
 * The process's segmenter, built on first use. Loading jieba's dictionary
 * takes a few hundred milliseconds and the result is immutable, so this one
 * memo is the exception to "no module singletons": it holds no connection,
 * and its only mutable state is the segmentation memo, a bounded cache of a
 * pure function (at most 50,000 runs per purpose; runs break at punctuation,
 * so they are short).
 */
export function chineseSegmenter(): ChineseSegmenter {
  shared ??= createChineseSegmenter();
  return shared;
}
