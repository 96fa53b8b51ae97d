export { normalize, plainText } from './normalize';
export {
  analyze,
  joinedPairs,
  joinedTriples,
  singular,
  stem,
  wordGroups,
  wordStarts,
  words,
  type AnalysisPurpose,
  type AnalyzeOptions,
} from './analyze';
export { chineseSegmenter, createChineseSegmenter, parseRetailWords, type ChineseSegmenter, type RetailWord } from './chinese';
export { acronyms } from './acronyms';
export { canonicalNumbers, isUnit, shortYear } from './numbers';
