import net from 'node:net';
import type { AddressInfo } from 'node:net';
import knex, { type Knex } from 'knex';

/**
 * A TCP relay in front of the shared Postgres that a test can cut, so one
 * process sees its database go away while every other engineer's keeps
 * working (the shared server is never stopped). `cut()` closes every relayed
 * connection and refuses new ones (ECONNREFUSED, as a stopped server);
 * `restore()` listens again on the same port.
 */
export interface PostgresProxy {
  /** A knex client through the relay, on `schema`, with these pool and connection settings. */
  client(schema: string, options?: { poolMax?: number; acquireTimeoutMs?: number }): Knex;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Where the real server listens: a Unix socket (`host` is a directory) or host:port. */
function upstreamOf(databaseUrl: string): { path: string } | { host: string; port: number } {
  const url = new URL(databaseUrl);
  const host = decodeURIComponent(url.hostname);
  const port = Number(url.port || 5432);
  return host.startsWith('/') ? { path: `${host}/.s.PGSQL.${port}` } : { host, port };
}

export async function startPostgresProxy(databaseUrl: string): Promise<PostgresProxy> {
  const upstream = upstreamOf(databaseUrl);
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = net.createServer((client) => {
    const server = net.connect(upstream);
    track(client);
    track(server);
    client.pipe(server).pipe(client);
    client.on('close', () => server.destroy());
    server.on('close', () => client.destroy());
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const url = new URL(databaseUrl);
  const clients: Knex[] = [];

  const cut = async () => {
    const closed = new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };

  return {
    client(schema, options = {}) {
      const db = knex({
        client: 'pg',
        connection: {
          host: '127.0.0.1',
          port,
          user: decodeURIComponent(url.username),
          password: decodeURIComponent(url.password) || undefined,
          database: url.pathname.slice(1),
        },
        searchPath: [schema],
        pool: { min: 0, max: options.poolMax ?? 4 },
        acquireConnectionTimeout: options.acquireTimeoutMs ?? 2000,
        // The connections the test breaks on purpose would each print a warning.
        log: { warn: () => undefined, error: () => undefined, debug: () => undefined, deprecate: () => undefined },
      });
      clients.push(db);
      return db;
    },
    cut,
    async restore() {
      if (!server.listening) await listen(port);
    },
    async close() {
      await Promise.allSettled(clients.map((db) => db.destroy()));
      await cut();
    },
  };
}
