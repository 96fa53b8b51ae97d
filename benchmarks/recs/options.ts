import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { wallClock } from './csv-source';

export const DEFAULT_DATA = resolve(__dirname, '../../../shared/data/online-retail/online_retail_2010-12_to_2011-09.csv.gz');

export const MODEL_NAMES = ['popularity', 'trending', 'llr', 'ease', 'ease-sparse', 'als', 'hybrid'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export interface BenchmarkOptions {
  source: 'csv' | 'postgres';
  data: string;
  /** Explicit cutoff (epoch ms, wall clock) or null to derive it from testDays. */
  cutoff: number | null;
  testDays: number;
  until: number | null;
  k: number;
  models: ModelName[];
  /** Child mode: evaluate this one model and print JSON. */
  only: ModelName | null;
  inProcess: boolean;
  /** Ignore views and add-to-carts even when the source has them (to measure what they add). */
  purchasesOnly: boolean;
  easeItems: number;
  easeLambda: number;
  easeNeighbors: number;
  /** EASE's weight against LLR's 1 in the hybrid. */
  hybridEaseWeight: number;
  alsFactors: number;
  alsIterations: number;
  alsAlpha: number;
  alsRegularization: number;
  halfLifeDays: number;
  indicators: number;
}

export const USAGE = `usage: npx tsx benchmarks/recs/eval.ts [options]
  --source csv|postgres     order history from the Online Retail CSV (default) or DATABASE_URL
  --data PATH               CSV or CSV.gz (default ${DEFAULT_DATA})
  --cutoff YYYY-MM-DD       first day of the test window (default: the last --test-days days)
  --test-days N             length of the test window when --cutoff is not given (default 30)
  --until YYYY-MM-DD        end of the test window, exclusive (default: end of data)
  --k N                     list length (default 10)
  --models a,b,…            of ${MODEL_NAMES.join(', ')} (default all)
  --in-process              train every model in this process (peak RSS is then cumulative)
  --purchases-only          ignore views and add-to-carts (postgres source)
  --ease-items N --ease-lambda X --ease-neighbors N   (ease-sparse keeps N weights per item, default 50)
  --hybrid-ease-weight X    hybrid = LLR + X × sparse EASE, each side divided by its best score (default 0.25, as served)
  --als-factors N --als-iterations N --als-alpha X --als-reg X
  --half-life-days X        trending half-life (default 14)
  --indicators N            LLR indicators kept per item (default 50)`;

export class UsageError extends Error {}

export function parseOptions(argv: string[]): BenchmarkOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      source: { type: 'string', default: 'csv' },
      data: { type: 'string', default: DEFAULT_DATA },
      cutoff: { type: 'string' },
      'test-days': { type: 'string', default: '30' },
      until: { type: 'string' },
      k: { type: 'string', default: '10' },
      models: { type: 'string', default: MODEL_NAMES.join(',') },
      model: { type: 'string' },
      'in-process': { type: 'boolean', default: false },
      'purchases-only': { type: 'boolean', default: false },
      'ease-items': { type: 'string', default: '3000' },
      'ease-lambda': { type: 'string', default: '400' },
      'ease-neighbors': { type: 'string', default: '50' },
      'hybrid-ease-weight': { type: 'string', default: '0.25' },
      'als-factors': { type: 'string', default: '64' },
      'als-iterations': { type: 'string', default: '15' },
      'als-alpha': { type: 'string', default: '1' },
      'als-reg': { type: 'string', default: '5' },
      'half-life-days': { type: 'string', default: '14' },
      indicators: { type: 'string', default: '50' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new UsageError(USAGE);
  if (values.source !== 'csv' && values.source !== 'postgres') throw new UsageError(`--source must be csv or postgres\n${USAGE}`);
  const models = values.models.split(',').map((name) => modelName(name.trim()));
  return {
    source: values.source,
    data: values.data,
    cutoff: values.cutoff === undefined ? null : date('--cutoff', values.cutoff),
    testDays: positive('--test-days', values['test-days']),
    until: values.until === undefined ? null : date('--until', values.until),
    k: positive('--k', values.k),
    models,
    only: values.model === undefined ? null : modelName(values.model),
    inProcess: values['in-process'],
    purchasesOnly: values['purchases-only'],
    easeItems: positive('--ease-items', values['ease-items']),
    easeLambda: positive('--ease-lambda', values['ease-lambda']),
    easeNeighbors: positive('--ease-neighbors', values['ease-neighbors']),
    hybridEaseWeight: positive('--hybrid-ease-weight', values['hybrid-ease-weight']),
    alsFactors: positive('--als-factors', values['als-factors']),
    alsIterations: positive('--als-iterations', values['als-iterations']),
    alsAlpha: positive('--als-alpha', values['als-alpha']),
    alsRegularization: positive('--als-reg', values['als-reg']),
    halfLifeDays: positive('--half-life-days', values['half-life-days']),
    indicators: positive('--indicators', values.indicators),
  };
}

function modelName(name: string): ModelName {
  const found = MODEL_NAMES.find((known) => known === name);
  if (found === undefined) throw new UsageError(`unknown model "${name}"; known: ${MODEL_NAMES.join(', ')}`);
  return found;
}

function positive(flag: string, text: string): number {
  const value = Number(text);
  if (!(value > 0)) throw new UsageError(`${flag} must be a positive number, got "${text}"`);
  return value;
}

function date(flag: string, text: string): number {
  const ms = wallClock(text);
  if (ms === null) throw new UsageError(`${flag} must be YYYY-MM-DD, got "${text}"`);
  return ms;
}
