import type { Knex } from 'knex';
import type Redis from 'ioredis';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import { findApiKeyByHash, findSigningKeys, hashKey, touchApiKey, type ApiKeyPrincipal, type SigningKey } from './api-keys';
import { customerKeyPrefix, isWellFormedKey, readCustomerKey, signatureMatches } from './customer-keys';
import { LruCache } from './lru';

/** Where keys are looked up: Postgres in the API (`keyRecords`), a stand-in in unit tests. */
export interface KeyRecords {
  byHash(hash: string): Promise<ApiKeyPrincipal | null>;
  signingKeys(prefix: string): Promise<SigningKey[]>;
  touch(id: string): Promise<void>;
}

export function keyRecords(db: Knex): KeyRecords {
  return {
    byHash: (hash) => findApiKeyByHash(db, hash),
    signingKeys: (prefix) => findSigningKeys(db, prefix),
    touch: (id) => touchApiKey(db, id),
  };
}

export interface AuthenticatorSettings {
  /** Keys held in memory per process (least recently used dropped first). @default 10000 */
  cacheSize: number;
  /** How long a looked-up key is trusted without asking Postgres: the revocation delay if Redis is down. @default 10000 */
  cacheTtlMs: number;
  /** The longest a customer key may still be valid for: a key signed for longer is refused. @default 86400000 */
  customerKeyMaxTtlMs: number;
  /** A key's last-used time is written at most this often per process. @default 60000 */
  touchIntervalMs: number;
}

export const defaultAuthenticatorSettings: AuthenticatorSettings = {
  cacheSize: 10_000,
  cacheTtlMs: 10_000,
  customerKeyMaxTtlMs: 86_400_000,
  touchIntervalMs: 60_000,
};

export interface ApiKeyAuthenticatorOptions {
  records: KeyRecords;
  /** Revocations reach every process through this Redis; null: only the cache TTL bounds them. */
  redis: Redis | null;
  /** Names the revocation channel, so installs sharing a Redis do not hear each other. */
  indexPrefix: string;
  logger: Logger;
  settings?: Partial<AuthenticatorSettings>;
  /** @default Date.now */
  now?: () => number;
}

/** `code` KEY_EXPIRED: a genuine key past its time (the storefront signs a new one); not a failed authentication. */
/** `stale`: Postgres could not be read, so the key was trusted on what this process last read of it (never an unknown key). */
export type Authentication =
  { ok: true; principal: ApiKeyPrincipal; stale?: boolean } | { ok: false; reason: string; code?: 'KEY_EXPIRED' };

export interface ApiKeyAuthenticator {
  /** The principal of an `Authorization: Bearer` value, or why there is none. */
  authenticate(bearer: string): Promise<Authentication>;
  /**
   * Whether this process already knows the bearer for a valid key, from memory alone (no query): a stored key in the cache of
   * known keys, or a customer key signed by a cached signing key and not expired. Lets a key through an address's block.
   */
  isKnownValid(bearer: string): boolean;
  /** After a key was revoked in Postgres: forgets it here at once and tells every other API process. */
  revoked(id: string): Promise<void>;
  /** Listens for revocations made elsewhere (other API processes, the CLI). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function revocationChannel(indexPrefix: string): string {
  return `${indexPrefix}:api-keys:revoked`;
}

/** Tells every API process that key `id` was revoked (the CLI calls this after `keys revoke`). */
export async function publishRevocation(redis: Redis, indexPrefix: string, id: string): Promise<void> {
  await redis.publish(revocationChannel(indexPrefix), id);
}

const unknownKey = 'The API key is unknown or revoked.';
/** How far a storefront server's clock may run ahead of ours before a key signed for the longest time is refused. */
const clockSkewMs = 5 * 60_000;

interface StoredEntry {
  principal: ApiKeyPrincipal | null;
  fetchedAt: number;
  /** When asking Postgres again last failed: the entry is served stale until `staleRetryMs` after it. */
  failedAt?: number;
}
interface SignersEntry {
  keys: SigningKey[];
  fetchedAt: number;
  failedAt?: number;
}

/** After a failed lookup, how long a known key is trusted stale before Postgres is asked again. */
const staleRetryMs = 1000;

/**
 * Resolves bearers to principals with a bounded cache. Only bearers shaped
 * like Agora's keys are ever looked up or cached, so garbage costs neither a
 * query nor memory. Known keys and unknown ones live in separate caches, so
 * a flood of made-up keys cannot push real ones out. A revocation evicts the
 * key in every process at once (Redis pub/sub, as merchandising does); the
 * TTL only matters when a message is lost.
 */
export function createApiKeyAuthenticator(options: ApiKeyAuthenticatorOptions): ApiKeyAuthenticator {
  const settings = { ...defaultAuthenticatorSettings, ...options.settings };
  const { records, logger } = options;
  const now = options.now ?? Date.now;
  const known = new LruCache<string, StoredEntry>(settings.cacheSize);
  const unknown = new LruCache<string, StoredEntry>(Math.max(100, Math.ceil(settings.cacheSize / 10)));
  const signers = new LruCache<string, SignersEntry>(Math.max(100, Math.ceil(settings.cacheSize / 10)));
  const touched = new LruCache<string, number>(settings.cacheSize);
  const inFlight = new Map<string, Promise<unknown>>();
  const channel = revocationChannel(options.indexPrefix);
  let subscriber: Redis | null = null;
  // Bumped by every eviction: a lookup that started before one must not store what it read.
  let generation = 0;

  const fresh = (entry: { fetchedAt: number } | undefined): boolean => entry !== undefined && now() - entry.fetchedAt < settings.cacheTtlMs;

  /** One query per key at a time, however many requests carry it. */
  function once<T>(key: string, load: () => Promise<T>): Promise<T> {
    const running = inFlight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const started = load().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  }

  /**
   * Asks Postgres again about an entry past its TTL. If that fails, a known entry (a valid key, its signing keys) is
   * served stale, as long as no revocation came meanwhile; an unknown or never-seen key gets the failure (a 503):
   * a key is never accepted on a guess.
   */
  async function refreshed<T>(
    cached: { failedAt?: number } | undefined,
    lastGood: T | null,
    refresh: () => Promise<T>,
  ): Promise<{ value: T; stale: boolean }> {
    if (cached?.failedAt !== undefined && lastGood !== null && now() - cached.failedAt < staleRetryMs)
      return { value: lastGood, stale: true };
    const before = generation;
    try {
      return { value: await refresh(), stale: false };
    } catch (error) {
      if (cached === undefined || lastGood === null || before !== generation) throw error;
      cached.failedAt = now();
      logger.warn({ err: error }, 'api key lookup failed; trusting what this process last read of the key');
      return { value: lastGood, stale: true };
    }
  }

  async function storedPrincipal(bearer: string): Promise<{ value: ApiKeyPrincipal | null; stale: boolean }> {
    const hash = hashKey(bearer);
    const cached = known.get(hash) ?? unknown.get(hash);
    if (fresh(cached)) return { value: cached!.principal, stale: false };
    return refreshed(cached, cached?.principal ?? null, () =>
      once(hash, async () => {
        const before = generation;
        const principal = await records.byHash(hash);
        if (before === generation) {
          known.delete(hash);
          unknown.delete(hash);
          (principal ? known : unknown).set(hash, { principal, fetchedAt: now() });
        }
        return principal;
      }),
    );
  }

  async function signingKeys(prefix: string): Promise<{ value: SigningKey[]; stale: boolean }> {
    const cached = signers.get(prefix);
    if (fresh(cached)) return { value: cached!.keys, stale: false };
    return refreshed(cached, cached && cached.keys.length > 0 ? cached.keys : null, () =>
      once(`signers:${prefix}`, async () => {
        const before = generation;
        const keys = await records.signingKeys(prefix);
        if (before === generation) signers.set(prefix, { keys, fetchedAt: now() });
        return keys;
      }),
    );
  }

  function touch(id: string): void {
    const last = touched.get(id);
    if (last !== undefined && now() - last < settings.touchIntervalMs) return;
    touched.set(id, now());
    records.touch(id).catch((error: unknown) => logger.warn({ err: error, keyId: id }, 'api key last-used time not recorded'));
  }

  async function customerPrincipal(bearer: string): Promise<Authentication> {
    const key = readCustomerKey(bearer);
    if (!key) return { ok: false, reason: 'The customer key is malformed.' };
    const signers = await signingKeys(key.claims.signingKeyPrefix);
    const signer = signers.value.find((candidate) => signatureMatches(key, candidate.hash));
    if (!signer)
      return {
        ok: false,
        reason: 'The customer key is not signed by an active signing key (forged, altered, or its signing key was revoked).',
      };
    const at = now();
    if (key.claims.expiresAt <= at)
      return { ok: false, code: 'KEY_EXPIRED', reason: `The customer key expired at ${new Date(key.claims.expiresAt).toISOString()}.` };
    if (key.claims.expiresAt - at > settings.customerKeyMaxTtlMs + clockSkewMs) {
      return {
        ok: false,
        reason: `The customer key is valid for longer than the ${Math.round(settings.customerKeyMaxTtlMs / 1000)} s this API accepts; sign it for less.`,
      };
    }
    if (signer.expiresAt !== null && signer.expiresAt <= at) return { ok: false, reason: 'The customer key’s signing key has expired.' };
    touch(signer.id);
    const expiresAt = signer.expiresAt === null ? key.claims.expiresAt : Math.min(signer.expiresAt, key.claims.expiresAt);
    return {
      ok: true,
      principal: {
        id: signer.id,
        role: 'public',
        merchantId: null,
        customerId: key.claims.customerId,
        expiresAt,
        // Only a key signed with filters carries them: one without is exactly the principal it always was.
        ...(key.claims.filters ? { keyFilters: key.claims.filters } : {}),
      },
      ...(signers.stale ? { stale: true } : {}),
    };
  }

  function evict(id: string): void {
    generation += 1;
    known.deleteWhere((entry) => entry.principal?.id === id);
    signers.deleteWhere((entry) => entry.keys.some((key) => key.id === id));
  }

  function forgetEverything(): void {
    generation += 1;
    known.clear();
    unknown.clear();
    signers.clear();
  }

  return {
    async authenticate(bearer) {
      if (!isWellFormedKey(bearer)) return { ok: false, reason: unknownKey };
      if (bearer.startsWith(customerKeyPrefix)) return customerPrincipal(bearer);
      const { value: principal, stale } = await storedPrincipal(bearer);
      if (!principal) return { ok: false, reason: unknownKey };
      if (principal.role === 'signing') {
        // A signing key never leaves the storefront's server: one sent here may have leaked. Answered as an unknown key, so
        // the answer does not confirm it, and counted as a failed authentication; its last-used time is left alone.
        logger.warn({ keyId: principal.id }, 'a signing key was sent as a bearer: it may have leaked; consider rotating it');
        return { ok: false, reason: unknownKey };
      }
      if (principal.expiresAt !== null && principal.expiresAt <= now()) {
        return { ok: false, code: 'KEY_EXPIRED', reason: `The API key expired at ${new Date(principal.expiresAt).toISOString()}.` };
      }
      touch(principal.id);
      return stale ? { ok: true, principal, stale } : { ok: true, principal };
    },

    isKnownValid(bearer) {
      if (!isWellFormedKey(bearer)) return false;
      const at = now();
      if (bearer.startsWith(customerKeyPrefix)) {
        const key = readCustomerKey(bearer);
        const cached = key ? signers.get(key.claims.signingKeyPrefix) : undefined;
        if (!key || !fresh(cached) || key.claims.expiresAt <= at) return false;
        if (key.claims.expiresAt - at > settings.customerKeyMaxTtlMs + clockSkewMs) return false;
        return cached!.keys.some((signer) => (signer.expiresAt === null || signer.expiresAt > at) && signatureMatches(key, signer.hash));
      }
      const cached = known.get(hashKey(bearer));
      const principal = fresh(cached) ? cached!.principal : null;
      return principal !== null && principal.role !== 'signing' && (principal.expiresAt === null || principal.expiresAt > at);
    },

    async revoked(id) {
      evict(id);
      // Losing the message leaves other processes to the TTL: say so, but the revocation itself stands.
      if (options.redis) {
        await publishRevocation(options.redis, options.indexPrefix, id).catch((error: unknown) =>
          logger.warn({ err: error, keyId: id }, 'key revocation not published; other processes drop the key within the cache TTL'),
        );
      }
    },

    async start() {
      if (!options.redis || subscriber) return;
      subscriber = options.redis.duplicate();
      subscriber.on('message', (_channel: string, id: string) => {
        if (/^\d{1,19}$/.test(id)) evict(id);
      });
      // Revocations sent while disconnected are lost: after a reconnect, ask Postgres again about every key.
      let subscribedOnce = false;
      subscriber.on('ready', () => {
        if (subscribedOnce) forgetEverything();
        subscribedOnce = true;
      });
      subscriber.on('error', (error: unknown) => logger.warn({ err: error }, 'api key revocation subscriber error'));
      await subscriber.subscribe(channel);
    },

    async close() {
      await subscriber?.quit().catch(() => undefined);
      subscriber = null;
    },
  };
}

/** The API process's authenticator: keys in Postgres, revocations over Redis, settings from the config. */
export function createConfiguredAuthenticator(deps: {
  db: Knex;
  redis: Redis;
  logger: Logger;
  config: Pick<Config, 'indexPrefix' | 'apiKeyCacheSize' | 'apiKeyCacheTtlMs' | 'customerKeyMaxTtlSeconds'>;
}): ApiKeyAuthenticator {
  return createApiKeyAuthenticator({
    records: keyRecords(deps.db),
    redis: deps.redis,
    indexPrefix: deps.config.indexPrefix,
    logger: deps.logger,
    settings: {
      cacheSize: deps.config.apiKeyCacheSize,
      cacheTtlMs: deps.config.apiKeyCacheTtlMs,
      customerKeyMaxTtlMs: deps.config.customerKeyMaxTtlSeconds * 1000,
    },
  });
}
