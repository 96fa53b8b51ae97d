import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { IndexingHarness } from './harness';

const workerScript = path.join(__dirname, 'worker-process.ts');

/** Worker processes (worker-process.ts) on a harness's schema, index and queue, killed together at the end. */
export interface WorkerProcesses {
  /** Starts one with these arguments; resolves once it prints "ready". Every line it prints goes to `onLine`. */
  start(args: string[], onLine?: (line: string) => void): Promise<ChildProcess>;
  /** kill -9 one, and wait for it to be gone. */
  kill(child: ChildProcess): Promise<void>;
  killAll(): Promise<void>;
}

export function workerProcesses(h: IndexingHarness): WorkerProcesses {
  const children: ChildProcess[] = [];
  const kill = async (child: ChildProcess): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  return {
    async start(args, onLine = () => undefined) {
      const url = new URL(h.env.config.databaseUrl);
      // The test schema travels in the connection string, as a deployment would pass any setting.
      url.searchParams.set('options', `-csearch_path=${h.env.schema}`);
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', workerScript, ...args], {
        env: {
          ...process.env,
          DATABASE_URL: url.toString(),
          INDEX_PREFIX: h.env.config.indexPrefix,
          QUEUE_PREFIX: h.env.config.queuePrefix,
          LOG_LEVEL: 'silent',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        let buffer = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
            const line = buffer.slice(0, i);
            buffer = buffer.slice(i + 1);
            if (line === 'ready') resolve();
            onLine(line);
          }
        });
        child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
      });
      return child;
    },
    kill,
    async killAll() {
      for (const child of children) await kill(child);
    },
  };
}
