import { isIP } from 'node:net';
import type { Config } from '../config';

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

/**
 * The merchandiser demo key for the console: development only, and only to a
 * browser on this machine. It changes what every shopper sees, so an API a
 * developer bound to 0.0.0.0 must not hand it to the whole network; elsewhere
 * the console asks for a key.
 */
export function consoleDemoKey(config: DemoKeyConfig, clientIp: string): string | null {
  if (config.env !== 'development' || config.demoMerchandiserKey === '') return null;
  return isLoopback(clientIp) ? config.demoMerchandiserKey : null;
}
