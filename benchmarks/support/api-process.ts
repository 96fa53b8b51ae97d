import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { timed } from './stats';

export interface ApiChild {
  base: string;
  /** The API process's CPU time so far, in µs: in JavaScript and the runtime (user), in the kernel (system: sockets). */
  cpuMicros(): Promise<NodeJS.CpuUsage>;
  /** Profiles the API process's CPU while `work` runs; the V8 profile is written to `path`. */
  profile(path: string, work: () => Promise<unknown>): Promise<void>;
  stop(): Promise<void>;
}

/** A benchmark server (`script`, next to this file) in a child process: its base URL, its CPU so far, and a stop. */
interface ServerChild {
  child: ChildProcess;
  base: string;
  /** The process's CPU time so far, in µs: in JavaScript and the runtime (user), in the kernel (system: sockets). */
  cpuMicros(): Promise<NodeJS.CpuUsage>;
  stop(): Promise<void>;
}

async function startServerChild(script: string, env: NodeJS.ProcessEnv): Promise<ServerChild> {
  const child: ChildProcess = fork(join(__dirname, script), {
    env,
    execArgv: ['--require', 'tsx/cjs'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    child,
    base,
    cpuMicros: async () => (await (await fetch(`${base}/__bench/cpu`)).json()) as NodeJS.CpuUsage,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}

/** The API in a child process (api-process-child.ts), listening on a free port. */
export async function startApiChild(env: NodeJS.ProcessEnv): Promise<ApiChild> {
  const { base, cpuMicros, stop } = await startServerChild('api-process-child.ts', env);
  return {
    base,
    cpuMicros,
    async profile(path, work) {
      await fetch(`${base}/__bench/profile/start`);
      await work();
      await fetch(`${base}/__bench/profile/stop?to=${encodeURIComponent(path)}`);
    },
    stop,
  };
}

/** Runs every item once with `clients` requests in flight; the latencies in ms. */
export async function concurrently(count: number, clients: number, send: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < count) {
        const i = next++;
        samples.push((await timed(() => send(i)))[0]);
      }
    }),
  );
  return samples;
}

/** The bare Node proxy (bare-proxy-child.ts) in a child process, loaded with the requests to replay. */
export async function startBareProxyChild(env: NodeJS.ProcessEnv, recorded: unknown[][]): Promise<Omit<ServerChild, 'child'>> {
  const { child, ...server } = await startServerChild('bare-proxy-child.ts', env);
  await new Promise<void>((resolve) => {
    child.once('message', () => resolve());
    child.send({ recorded });
  });
  return server;
}
