import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';

export type Role = 'api' | 'worker';

const entries: Record<Role, string> = { api: 'src/cli/api-process.ts', worker: 'jobs/worker.ts' };

export interface ManagedProcess {
  role: Role;
  /** Times the process ended without being asked to (a crash) and was started again. */
  readonly crashes: number;
  /** kill -9; the process stays down until `start()`. */
  kill(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * One API or worker process, the real entry point run as `npm start` runs it,
 * with its output appended to a log file. A process that exits on its own is
 * counted and started again after a second (what a supervisor would do);
 * one killed by `kill()` stays down until `start()`; one stopped stays down.
 */
export function manageProcess(options: { role: Role; repoRoot: string; env: NodeJS.ProcessEnv; logFile: string }): ManagedProcess {
  let child: ChildProcess | null = null;
  let wanted = false;
  let crashes = 0;
  // After stop() nothing starts it again (a fault phase still running when Ctrl-C cleans up).
  let stopped = false;
  const log: WriteStream = createWriteStream(options.logFile, { flags: 'a' });

  const start = () => {
    if (stopped) return;
    wanted = true;
    const spawned = spawn(process.execPath, ['--import', 'tsx', path.join(options.repoRoot, entries[options.role])], {
      cwd: options.repoRoot,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    spawned.stdout!.pipe(log, { end: false });
    spawned.stderr!.pipe(log, { end: false });
    spawned.once('exit', (code, signal) => {
      if (child !== spawned) return;
      child = null;
      log.write(`[chaos] ${options.role} exited (${signal ?? code})\n`);
      if (wanted) {
        crashes += 1;
        setTimeout(() => wanted && !child && start(), 1000).unref();
      }
    });
    child = spawned;
  };

  const end = async (signal: NodeJS.Signals) => {
    wanted = false;
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    current.kill(signal);
    await exited;
  };

  return {
    role: options.role,
    get crashes() {
      return crashes;
    },
    kill: () => end('SIGKILL'),
    start,
    async stop() {
      stopped = true;
      await end('SIGTERM');
      log.end();
    },
  };
}
