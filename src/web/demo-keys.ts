import { isIP } from 'node:net';
import type { Config } from '../core/config';

export type DemoKeyConfig = Pick<Config, 'env' | 'demoPublicKey' | 'demoMerchandiserKey'>;

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
