export { normalize, plainText } from './normalize';
export { analyze, joinedPairs, stem, words, type AnalysisPurpose, type AnalyzeOptions } from './analyze';
export { chineseSegmenter, createChineseSegmenter, type ChineseSegmenter } from './chinese';
