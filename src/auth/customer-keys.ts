import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { identifier } from '../core/validation';
import { keyPrefixLength, storedKeyPattern } from './api-keys';
import { keyFiltersClaim, keyFiltersOf, maxKeyFilterValues, type KeyFilters } from './key-filters';

/**
 * Customer keys: short-lived keys a storefront's server signs for one
 * signed-in shopper, without calling Agora (the design of Algolia's secured
 * API keys and Typesense's scoped keys). The browser sends one instead of the
 * public key; it works for everything the public key does, plus that one
 * customer's data (./authorization.ts). Optional `filters` (merchants,
 * categories, brands: ./key-filters.ts) restrict every product it sees.
 *
 *     agc_<base64url(JSON claims)>.<base64url(HMAC-SHA256(secret, "agc_" + claims))>
 *     claims = {"v":1,"key":"<signing key prefix>","customer":"<id>","exp":<unix seconds>[,"filters":{...}]}
 *     secret = SHA-256(signing key), the 32 raw bytes
 *
 * Agora stores exactly that digest (as hex) for every key, so it can check the
 * signature without keeping the signing key; a browser never holds the signing
 * key, so it cannot sign a key for anyone else. SECURITY.md says why the parent
 * is a separate `signing` key and not the public key every browser holds.
 */
export const customerKeyPrefix = 'agc_';

/** Longest customer key read at all: longer bearers are refused before anything is decoded. */
export const customerKeyMaxLength = 1024;

const customerKeyPattern = /^agc_([A-Za-z0-9_-]{1,900})\.([A-Za-z0-9_-]{43})$/;
const signingKeyPattern = /^ags_[A-Za-z0-9_-]{32}$/;

const claimsSchema = z.strictObject({
  v: z.literal(1),
  key: z.string().regex(/^ags_[A-Za-z0-9_-]{6}$/),
  // No trimming: the id signed is the id served, character for character.
  customer: z
    .string()
    .max(128)
    .regex(/^[A-Za-z0-9._:/-]+$/),
  exp: z.number().int().positive().max(99_999_999_999),
  filters: keyFiltersClaim.optional(),
});

export interface CustomerKeyClaims {
  /** The first characters of the signing key, naming it among the stored keys. */
  signingKeyPrefix: string;
  customerId: string;
  /** ms since the epoch. */
  expiresAt: number;
  /** The products the key may see; absent: every product the public key sees. */
  filters?: KeyFilters;
}

export interface ReadCustomerKey {
  claims: CustomerKeyClaims;
  /** `agc_<claims>`: the text the signature covers. */
  signed: string;
  signature: Buffer;
}

export interface DeriveOptions {
  customerId: string;
  /** How long the key works, in seconds. */
  ttlSeconds: number;
  /** Restrict every product the key sees to these merchants, categories (with their descendants) and brands; lists left out or empty do not restrict. */
  filters?: Partial<KeyFilters>;
  /** @default Date.now() */
  now?: number;
}

/** The HMAC secret of a signing key: SHA-256 of the key (what Agora stores as its hash, in hex). */
export function signingSecret(signingKeyHashHex: string): Buffer {
  return Buffer.from(signingKeyHashHex, 'hex');
}

function sign(secret: Buffer, signed: string): Buffer {
  return createHmac('sha256', secret).update(signed).digest();
}

/**
 * Signs a customer key, offline: what a storefront's server does when a
 * shopper signs in. The same few lines in any language (README shows Node's).
 */
export function deriveCustomerKey(signingKey: string, options: DeriveOptions): string {
  if (!signingKeyPattern.test(signingKey))
    throw new Error('Customer keys are signed with a signing key (ags_…): agora keys create --role signing.');
  const customerId = options.customerId;
  // Exactly the id the API will be sent: nothing trimmed or rewritten.
  const parsed = identifier.safeParse(customerId);
  if (!parsed.success || parsed.data !== customerId) {
    throw new Error('customerId: use 1 to 128 letters, digits and . _ : / - (no spaces), as the API names customers.');
  }
  if (!Number.isInteger(options.ttlSeconds) || options.ttlSeconds <= 0) throw new Error('ttlSeconds must be a positive whole number.');
  const exp = Math.floor((options.now ?? Date.now()) / 1000) + options.ttlSeconds;
  const filters = filtersClaim(options.filters);
  const claims = { v: 1, key: signingKey.slice(0, keyPrefixLength), customer: customerId, exp, ...(filters ? { filters } : {}) };
  const signed = `${customerKeyPrefix}${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const secret = createHash('sha256').update(signingKey).digest();
  const key = `${signed}.${sign(secret, signed).toString('base64url')}`;
  if (!customerKeyPattern.test(key) || key.length > customerKeyMaxLength)
    throw new Error(
      `The customer key would be longer than the ${customerKeyMaxLength} characters the API reads: use fewer or shorter filter ids.`,
    );
  return key;
}

/** The `filters` claim of DeriveOptions.filters: empty lists left out, nothing at all when no list restricts. */
function filtersClaim(filters: Partial<KeyFilters> | undefined): Record<string, string[]> | null {
  if (filters === undefined) return null;
  const lists: Record<string, string[]> = {};
  for (const name of ['merchantIds', 'categoryIds', 'brandIds'] as const) {
    const values = filters[name];
    if (values === undefined || values.length === 0) continue;
    values.forEach((value) => {
      const parsed = identifier.safeParse(value);
      if (!parsed.success || parsed.data !== value)
        throw new Error(`filters.${name}: ${JSON.stringify(value)} is not an id (1 to 128 letters, digits and . _ : / -).`);
    });
    lists[name] = [...new Set(values)];
  }
  if (Object.keys(lists).length === 0) return null;
  const checked = keyFiltersClaim.safeParse(lists);
  if (!checked.success)
    throw new Error(`filters: ${checked.error.issues[0]?.message ?? 'invalid'} (at most ${maxKeyFilterValues} ids per list).`);
  return lists;
}

/** Whether a bearer has the shape of a key Agora issues (stored or customer): only those are ever looked up or cached. */
export function isWellFormedKey(bearer: string): boolean {
  if (bearer.length > customerKeyMaxLength) return false;
  return storedKeyPattern.test(bearer) || customerKeyPattern.test(bearer);
}

/** Reads a customer key's claims, unverified; null for anything that is not one. */
export function readCustomerKey(bearer: string): ReadCustomerKey | null {
  if (bearer.length > customerKeyMaxLength) return null;
  const match = customerKeyPattern.exec(bearer);
  if (!match) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = claimsSchema.safeParse(json);
  if (!parsed.success) return null;
  // The 43rd character of a base64url SHA-256 carries 2 bits no byte uses: Node decodes 4 spellings to one signature. Only the
  // spelling the signer wrote is the key, so that a key has exactly one text (what caches, logs and revocations go by).
  const signature = Buffer.from(match[2]!, 'base64url');
  if (signature.toString('base64url') !== match[2]) return null;
  return {
    claims: {
      signingKeyPrefix: parsed.data.key,
      customerId: parsed.data.customer,
      expiresAt: parsed.data.exp * 1000,
      ...(parsed.data.filters === undefined ? {} : { filters: keyFiltersOf(parsed.data.filters) }),
    },
    signed: `${customerKeyPrefix}${match[1]!}`,
    signature,
  };
}

/** Whether the key was signed with the signing key of this hash; constant time. */
export function signatureMatches(key: ReadCustomerKey, signingKeyHashHex: string): boolean {
  const expected = sign(signingSecret(signingKeyHashHex), key.signed);
  return key.signature.length === expected.length && timingSafeEqual(key.signature, expected);
}
