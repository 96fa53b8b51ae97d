import { normalize, wordStarts } from '../../core/text';
import { fuzzinessFor } from '../../../ranking/query/query-text';

/**
 * Edit distance with adjacent transpositions ("sonroa" is one edit from
 * "sonora", as shoppers mistype), stopping once every path exceeds `max`.
 */
export function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2]! + 1);
      current[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return false;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]! <= max;
}

/**
 * Does a name match what the shopper has typed so far? Any word of the name
 * may start with the prefix ("shoes" finds "Running Shoes", 休闲 finds
 * 运动休闲鞋: Chinese words start where jieba puts them); a prefix of four
 * letters or more may be one typo away.
 */
export function matchesPrefix(name: string, typed: string): boolean {
  const text = normalize(name);
  if (typed === '') return false;
  if (text.startsWith(typed)) return true;
  const starts = [0, ...[...text.matchAll(/ /g)].map((m) => m.index + 1), ...wordStarts(text)];
  for (const start of starts) {
    const candidate = text.slice(start, start + typed.length);
    if (candidate === typed) return true;
    if (fuzzinessFor(typed.replace(/ /g, '')) > 0 && withinEdits(candidate, typed, 1)) return true;
  }
  return false;
}
