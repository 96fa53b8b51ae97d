import { createApiKeyAuthenticator, type ApiKeyAuthenticator, type KeyRecords } from '../../src/auth/authenticator';
import { generateKey, hashKey, keyPrefixLength, type ApiKeyPrincipal } from '../../src/auth/api-keys';
import { deriveCustomerKey } from '../../src/auth/customer-keys';
import type { Logger } from '../../src/core/logger';

export interface MemoryKeys {
  /** The real authenticator (cache, customer-key signatures, expiry), reading the keys below from memory. */
  authenticator: ApiKeyAuthenticator;
  /** A public key, as the storefront's pages send. */
  publicKey: string;
  /** A key bound to one customer, signed as a storefront's server does at sign-in (one per customer, reused). */
  customerKey(customerId: string): string;
}

/**
 * API keys for a benchmark that must not write to the database it reads (a
 * shared fixture): a public and a signing key held in memory, behind the
 * same authenticator the API uses, so authentication stays on the measured
 * path and no `api_keys` row is created.
 */
export function memoryKeys(logger: Logger, indexPrefix: string): MemoryKeys {
  const publicKey = generateKey('public');
  const signingKey = generateKey('signing');
  const principal: ApiKeyPrincipal = { id: 'benchmark-public', role: 'public', merchantId: null, customerId: null, expiresAt: null };
  const records: KeyRecords = {
    byHash: (hash) => Promise.resolve(hash === hashKey(publicKey) ? principal : null),
    signingKeys: (prefix) =>
      Promise.resolve(
        prefix === signingKey.slice(0, keyPrefixLength) ? [{ id: 'benchmark-signing', hash: hashKey(signingKey), expiresAt: null }] : [],
      ),
    touch: () => Promise.resolve(),
  };
  const customerKeys = new Map<string, string>();
  return {
    authenticator: createApiKeyAuthenticator({ records, redis: null, indexPrefix, logger }),
    publicKey,
    customerKey(customerId) {
      let key = customerKeys.get(customerId);
      if (key === undefined) customerKeys.set(customerId, (key = deriveCustomerKey(signingKey, { customerId, ttlSeconds: 3600 })));
      return key;
    },
  };
}
