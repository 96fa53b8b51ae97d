/**
 * The collaborative-filtering API the jobs and the serving side call. Every
 * function is pure and takes/returns plain arrays and typed arrays, so the
 * heavy ones (trainEase, trainAls, cooccurrenceIndicators) can run in a
 * worker thread or child process and hand their result back by structured
 * clone or transfer.
 */
export { IdIndex } from './id-index';
export { rowsFromPairs, invertRows, itemCounts, mostInteractedItems, type ItemRows, type ItemSubset } from './interactions';
export { downsampleRows, type DownsampleOptions } from './downsample';
export { logLikelihoodRatio, rootLogLikelihoodRatio, cooccurrenceLlr } from './llr';
export { TopK, topIndices } from './top-k';
export { neighborsToIds, scoreByNeighbors, transposeNeighbors, type Neighbors, type ItemNeighbors, type RelatedItems } from './neighbors';
export { cooccurrenceIndicators, crossOccurrenceIndicators, type IndicatorOptions } from './indicators';
export { boughtTogether, type BoughtTogetherOptions, type AssociationMeasure } from './bought-together';
export { trainEase, easeScores, easeNeighbors, type EaseModel, type EaseOptions } from './ease';
export { trainAls, alsScores, alsUserVector, alsFoldIn, alsItemGram, type AlsModel, type AlsOptions } from './als';
export { trendingScores, decayFactor, type TrendingEvent, type TrendingOptions, type TrendingLists, type ScoredItem } from './trending';
export { blendScores, type BlendOptions } from './blend';
