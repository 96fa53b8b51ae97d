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
}

/**
 * Product nouns that jieba's general dictionary splits across a neighbour
 * (越野跑鞋 → 越野跑 + 鞋, 高清水杯 → 高 + 清水 + 杯), so that a query for the
 * noun alone finds nothing. Found by segmenting common modifier + noun pairs
 * and keeping the nouns whose query words went missing on the indexed side;
 * add to it the same way. Index and query load the same list, so a change
 * needs a reindex (bump PRODUCT_INDEX_VERSION).
 */
export const RETAIL_WORDS = ['跑鞋', '电脑包', '水杯', '电水壶', '猫粮', '狗粮'];

// Catalogues repeat their Chinese phrases (a merchant's descriptions, category
// words), and each jieba call crosses into native code and back: runs are
// memoised per purpose, like stems. A pure function's cache, cleared when full.
const SEGMENT_CACHE_LIMIT = 50_000;

export function createChineseSegmenter(): ChineseSegmenter {
  const jieba = Jieba.withDict(dict);
  jieba.loadDict(Buffer.from(RETAIL_WORDS.map((w) => `${w} 20000 n`).join('\n')));
  const memo = { index: new Map<string, readonly string[]>(), query: new Map<string, readonly string[]>() };
  return {
    segment(text, purpose) {
      const cache = memo[purpose];
      let words = cache.get(text);
      if (words === undefined) {
        if (cache.size >= SEGMENT_CACHE_LIMIT) cache.clear();
        words = (purpose === 'index' ? jieba.cutForSearch(text, true) : jieba.cut(text, true)).filter((w) => w.trim() !== '');
        cache.set(text, words);
      }
      // Callers own the array they get.
      return words.slice();
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
