import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type ServiceName = 'elasticsearch' | 'postgres' | 'redis';

export interface PrivateServicesOptions {
  /** The checkout whose scripts/services.sh runs (and whose .agora/cache holds the Elasticsearch zip). */
  repoRoot: string;
  /** Where this set keeps its state: a root of its own, so it never shares pid files with the checkout's services. */
  stateRoot: string;
  ports: { elasticsearch: number; postgres: number; redis: number };
  esHeap: string;
}

export interface PrivateServices {
  urls: { elasticsearchUrl: string; databaseUrl: string; redisUrl: string };
  /** kill -9 of the service's process and, for Postgres, of its backends (a crashed host, not a shutdown). */
  kill(service: ServiceName): Promise<void>;
  /** `services.sh up` again: starts what is not running and waits until it is healthy. */
  restart(): Promise<void>;
  down(): Promise<void>;
}

/** The default ports of scripts/services.sh: the shared services other people's tests run on. Never ours to kill. */
const sharedPorts = new Set([9250, 54329, 63799]);

/**
 * A set of Elasticsearch, Postgres and Redis started by scripts/services.sh
 * for the chaos run alone. The script keeps its state under `<root>/.agora`
 * of the root it runs from, so it runs here through a symlink placed in a
 * state root of its own: its pid files name only these processes, and
 * killing them cannot touch the services of the checkout.
 */
export async function startPrivateServices(options: PrivateServicesOptions): Promise<PrivateServices> {
  for (const port of Object.values(options.ports)) {
    if (sharedPorts.has(port))
      throw new Error(`port ${port} is a default port of scripts/services.sh; give the chaos run ports of its own`);
  }
  const script = path.join(options.stateRoot, 'scripts', 'services.sh');
  await mkdir(path.dirname(script), { recursive: true });
  if (!existsSync(script)) await symlink(path.join(options.repoRoot, 'scripts', 'services.sh'), script);
  // Reuse the checkout's downloaded Elasticsearch instead of fetching it again.
  const cache = path.join(options.stateRoot, '.agora', 'cache');
  await mkdir(cache, { recursive: true });
  const repoCache = path.join(options.repoRoot, '.agora', 'cache');
  for (const name of existsSync(repoCache) ? await readdir(repoCache) : []) {
    if (name.endsWith('.zip') && !existsSync(path.join(cache, name))) await symlink(path.join(repoCache, name), path.join(cache, name));
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AGORA_ES_PORT: String(options.ports.elasticsearch),
    AGORA_PG_PORT: String(options.ports.postgres),
    AGORA_REDIS_PORT: String(options.ports.redis),
    AGORA_ES_HEAP: options.esHeap,
  };
  // With a URL set the script would only health-check that server.
  delete env.ELASTICSEARCH_URL;
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const services = (command: 'up' | 'down') => run('bash', [script, command], { env, maxBuffer: 1 << 20 });

  const { stdout } = await services('up');
  const urls = Object.fromEntries(stdout.split('\n').flatMap((line) => (line.includes('=') ? [line.split(/=(.*)/s).slice(0, 2)] : [])));
  const runDir = path.join(options.stateRoot, '.agora', 'run');

  const pidOf = async (service: ServiceName): Promise<number> => {
    const pid = Number((await readFile(path.join(runDir, `${service}.pid`), 'utf8')).split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no pid for ${service}`);
    return pid;
  };
  const childrenOf = async (pid: number): Promise<number[]> => {
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
    return text.split(/\s+/).filter(Boolean).map(Number);
  };

  return {
    urls: { elasticsearchUrl: urls.ELASTICSEARCH_URL!, databaseUrl: urls.DATABASE_URL!, redisUrl: urls.REDIS_URL! },
    async kill(service) {
      const pid = await pidOf(service);
      // Postgres backends outlive a killed postmaster and would keep its shared memory: they go too, as in a host crash.
      const victims = service === 'postgres' ? [pid, ...(await childrenOf(pid))] : [pid];
      for (const victim of victims) {
        try {
          process.kill(victim, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    },
    async restart() {
      await services('up');
    },
    async down() {
      await services('down');
    },
  };
}
