export { percentiles } from '../../ranking/eval/percentiles';
export { formatTable } from '../../src/cli/eval/text-table';

export async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [Number(process.hrtime.bigint() - started) / 1e6, result];
}
