/**
 * Progress of long jobs (imports, seeding, reindexing) as plain lines on
 * stderr, so stdout stays clean for a command's result and logs stay
 * readable when piped. Lines are throttled: a million `tick`s cost a
 * million comparisons, not a million writes.
 */

export interface ProgressSnapshot {
  label: string;
  count: number;
  /** Known size of the job, when there is one; enables percent and ETA. */
  total?: number;
  elapsedMs: number;
  /** What is being counted, e.g. 'rows'. @default 'items' */
  unit?: string;
}

export interface Progress {
  /** Adds `n` to the count and prints a line if the last one is old enough. */
  tick(n?: number): void;
  /** Prints the closing summary line; returns the final count and duration. */
  done(): { count: number; elapsedMs: number };
}

export interface ProgressOptions {
  label: string;
  total?: number;
  unit?: string;
  /** Where lines go; tests pass a collector. @default process.stderr */
  write?: (line: string) => void;
  /** Milliseconds clock; tests pass a fake one. @default performance.now */
  now?: () => number;
  /** Smallest gap between two lines. @default 1000 */
  intervalMs?: number;
}

/** One human-readable line describing a snapshot of a job; pure. */
export function formatProgress(snapshot: ProgressSnapshot, final = false): string {
  const { label, count, total, elapsedMs } = snapshot;
  const unit = snapshot.unit ?? 'items';
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? count / seconds : 0;
  const parts = [`${label}: ${formatCount(count)}${total !== undefined ? `/${formatCount(total)}` : ''} ${unit}`];
  if (total !== undefined && total > 0 && !final) parts.push(`${Math.min(100, (count / total) * 100).toFixed(1)}%`);
  parts.push(`${formatCount(Math.round(rate))} ${unit}/s`);
  if (final) parts.push(`done in ${formatDuration(elapsedMs)}`);
  else {
    parts.push(`elapsed ${formatDuration(elapsedMs)}`);
    // An ETA needs a rate; before the first item it would be infinite.
    if (total !== undefined && rate > 0 && count < total) parts.push(`eta ${formatDuration(((total - count) / rate) * 1000)}`);
  }
  return parts.join(', ');
}

/** 1234567 → "1,234,567"; a fixed locale keeps output identical everywhere. */
export function formatCount(n: number): string {
  return Math.trunc(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Milliseconds → "850ms", "12.3s", "4m05s", "1h02m". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalSeconds = ms / 1000;
  if (totalSeconds < 60) return `${totalSeconds.toFixed(1)}s`;
  const wholeSeconds = Math.round(totalSeconds);
  const hours = Math.floor(wholeSeconds / 3600);
  const minutes = Math.floor((wholeSeconds % 3600) / 60);
  const secs = wholeSeconds % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  return `${minutes}m${String(secs).padStart(2, '0')}s`;
}

export function createProgress(options: ProgressOptions): Progress {
  const write = options.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => performance.now());
  const intervalMs = options.intervalMs ?? 1000;
  const startedAt = now();
  let lastLineAt = startedAt;
  let count = 0;
  const snapshot = (): ProgressSnapshot => ({
    label: options.label,
    count,
    total: options.total,
    unit: options.unit,
    elapsedMs: now() - startedAt,
  });
  return {
    tick(n = 1) {
      count += n;
      const at = now();
      if (at - lastLineAt < intervalMs) return;
      lastLineAt = at;
      write(formatProgress(snapshot()));
    },
    done() {
      const final = snapshot();
      write(formatProgress(final, true));
      return { count, elapsedMs: final.elapsedMs };
    },
  };
}
