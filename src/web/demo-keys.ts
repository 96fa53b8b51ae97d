import { isIP } from 'node:net';
import type { Config } from '../core/config';
import { deriveCustomerKey } from '../auth/customer-keys';

export type DemoKeyConfig = Pick<Config, 'env' | 'demoPublicKey' | 'demoMerchandiserKey' | 'demoSigningKey' | 'customerKeyMaxTtlSeconds'>;

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (`::ffff:127.0.0.1`, how a dual-stack socket reports IPv4). */
export function isLoopback(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip;
  if (isIP(v4) === 4) return v4.split('.')[0] === '127';
  return ip === '::1';
}

/**
 * The public demo key for the storefront page: development only, since a
 * demo key belongs on a laptop, never in production pages; it may only
 * search, so any client may have it.
 */
export function storefrontDemoKey(config: DemoKeyConfig): string | null {
  return config.env === 'development' && config.demoPublicKey !== '' ? config.demoPublicKey : null;
}

/** A few customers of the seeded demo marketplace (`agora seed --size demo`), each with an order history. */
export const demoCustomerIds: readonly string[] = ['c-000001', 'c-000002', 'c-000003', 'c-000004', 'c-000005'];

/** How long the keys written into a demo page work; the page is reloaded far more often. @default 8 hours */
const demoCustomerKeyTtlSeconds = 8 * 3600;

/** A demo customer the storefront page may sign in as, with the key the page then sends. */
export interface DemoCustomer {
  id: string;
  key: string;
}

/**
 * What a storefront's server does at sign-in, for the demo's customers: a
 * customer key for each, signed with the demo signing key (development only).
 * A real storefront signs one key, for the shopper who actually signed in;
 * the demo has no passwords, so its "sign-in" is choosing a customer. Without
 * a signing key the page offers no sign-in, and a customer's data stays
 * closed to it.
 */
export function demoCustomerKeys(config: DemoKeyConfig, now: number = Date.now()): DemoCustomer[] {
  if (config.env !== 'development' || config.demoSigningKey === '') return [];
  const ttlSeconds = Math.min(demoCustomerKeyTtlSeconds, config.customerKeyMaxTtlSeconds);
  return demoCustomerIds.map((id) => ({ id, key: deriveCustomerKey(config.demoSigningKey, { customerId: id, ttlSeconds, now }) }));
}

/** The host name of a Host header: "localhost:3000" → "localhost", "[::1]:3000" → "::1". */
export function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') < 0 ? undefined : host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return (colon < 0 ? host : host.slice(0, colon)).toLowerCase();
}

/** Who asked for the console page: the connection's address and the Host the browser named. */
export interface ConsoleClient {
  ip: string;
  host: string;
}

/**
 * The merchandiser demo key for the console: development only, and only to a
 * browser on this machine that asked for this machine by name. It changes what
 * every shopper sees, so an API a developer bound to 0.0.0.0 must not hand it
 * to the network; and the Host must be a loopback name too, or a web page
 * elsewhere could rebind its own domain to 127.0.0.1 (DNS rebinding) and read
 * the key as same-origin, and a tunnel (which connects from 127.0.0.1 but keeps
 * its public Host) would hand it to anyone with the URL. Elsewhere the console
 * asks for a key.
 */
export function consoleDemoKey(config: DemoKeyConfig, client: ConsoleClient): string | null {
  if (config.env !== 'development' || config.demoMerchandiserKey === '') return null;
  const name = hostName(client.host);
  const loopbackName = name === 'localhost' || isLoopback(name);
  return isLoopback(client.ip) && loopbackName ? config.demoMerchandiserKey : null;
}
