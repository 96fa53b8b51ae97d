import { readFileSync } from 'node:fs';

/**
 * CPU time the whole machine has spent busy (user, nice, system, irq,
 * softirq) since boot, in milliseconds, from Linux's /proc/stat; undefined
 * elsewhere. The difference over a run is what every process on the machine
 * spent meanwhile: the indexer, Postgres and Elasticsearch, but also anything
 * else running, so measure on an otherwise quiet machine (in a container it
 * is the host's CPU). Time a hypervisor gave to other guests is not counted,
 * which makes it steadier than a rate on a shared VM.
 */
function machineBusyMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq] = fields;
    // USER_HZ is 100 on every Linux the benchmark targets.
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0)) * 10;
  } catch {
    return undefined;
  }
}

/** Starts measuring the machine's busy CPU; the returned function gives the milliseconds since, or null where /proc/stat is missing. */
export function startMachineCpu(): () => number | null {
  const start = machineBusyMs();
  return () => {
    const end = machineBusyMs();
    return start === undefined || end === undefined ? null : end - start;
  };
}
