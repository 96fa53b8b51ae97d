import { normalize, wordStarts } from '../../core/text';
import { fuzzinessFor } from '../../../ranking/query/query-text';
import { withinEdits } from '../../../ranking/query/edit-distance';

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
