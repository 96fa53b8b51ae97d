import type { Logger } from './logger';

export interface GracefulStopOptions {
  /** Names the process in the log line ("api", "worker"). */
  name: string;
  logger: Logger;
  /** After this long the process exits with 1 whatever is still closing. */
  timeoutMs: number;
  /** Closes what the process opened, in order; resolves when all of it is closed. */
  close: () => Promise<void>;
}

/**
 * Stops a long-running process on SIGTERM or SIGINT: once, within a time
 * limit, after `close` (which lets in-flight requests and jobs finish). A
 * second signal while closing (Ctrl-C pressed again) exits at once; a close
 * that fails is logged and exits with 1.
 */
export function stopGracefullyOnSignals(options: GracefulStopOptions): void {
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) {
      options.logger.warn({ signal }, `${options.name} stopping now, without waiting`);
      process.exit(1);
    }
    stopping = true;
    options.logger.info({ signal }, `${options.name} stopping`);
    const timer = setTimeout(() => process.exit(1), options.timeoutMs);
    try {
      await options.close();
    } catch (error) {
      options.logger.error({ err: error }, `${options.name} did not close cleanly`);
      process.exit(1);
    }
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Runs a process's main function; a failure to start is printed and exits with 1. */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
