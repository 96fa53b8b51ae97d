import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { KeyFilters } from './key-filters';

/**
 * The roles a stored key can have. `signing` stands apart from the others:
 * the storefront's server keeps it to sign customer keys (./customer-keys.ts)
 * and it is never accepted as a bearer. Who may do what is decided in
 * ./authorization.ts alone.
 */
export const roles = ['public', 'signing', 'merchandiser', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Who a request authenticated as. */
export interface ApiKeyPrincipal {
  /** The key's id. For a customer key, its signing key's id: revoking that ends every key it signed. */
  id: string;
  /** A customer key has role `public`, narrowed to its customer. */
  role: Role;
  /** Set on merchant-scoped admin keys: they act only on this merchant's catalog. */
  merchantId: string | null;
  /** Set on customer keys: the one customer whose data the key may read and write. */
  customerId: string | null;
  /** When the key stops working (ms since the epoch); null: never. */
  expiresAt: number | null;
  /** Set on customer keys signed with filters: the only products the key sees (./key-filters.ts). Absent or null: no restriction. */
  keyFilters?: KeyFilters | null;
}

const keyPrefixes: Record<Role, string> = { public: 'agp', signing: 'ags', merchandiser: 'agm', admin: 'aga' };

/** A stored key: three letters, `_`, 192 random bits in base64url. Nothing else is looked up. */
export const storedKeyPattern = /^ag[psma]_[A-Za-z0-9_-]{32}$/;

/** Characters of a key kept in clear (`prefix`): shown to admins, and how a customer key names its signing key. */
export const keyPrefixLength = 10;

/** Keys are 192 random bits; only their sha256 is stored, so a database leak leaks no usable key. */
export function generateKey(role: Role): string {
  return `${keyPrefixes[role]}_${randomBytes(24).toString('base64url')}`;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface CreatedApiKey {
  id: string;
  key: string;
  prefix: string;
  role: Role;
  merchantId: string | null;
  expiresAt: Date | null;
}

export interface NewApiKey {
  role: Role;
  merchantId?: string | null;
  label?: string | null;
  /** @default null (never expires) */
  expiresAt?: Date | null;
}

export async function createApiKey(db: Knex, input: NewApiKey): Promise<CreatedApiKey> {
  const key = generateKey(input.role);
  const prefix = key.slice(0, keyPrefixLength);
  const [row] = await db('api_keys')
    .insert({
      prefix,
      hash: hashKey(key),
      role: input.role,
      merchant_id: input.merchantId ?? null,
      label: input.label ?? null,
      expires_at: input.expiresAt ?? null,
    })
    .returning(['id']);
  return { id: String(row.id), key, prefix, role: input.role, merchantId: input.merchantId ?? null, expiresAt: input.expiresAt ?? null };
}

const usable = (query: Knex.QueryBuilder, db: Knex): Knex.QueryBuilder =>
  query.whereNull('revoked_at').where((q) => q.whereNull('expires_at').orWhere('expires_at', '>', db.fn.now()));

/** The active key with this hash (sha256 hex of the key), or null. */
export async function findApiKeyByHash(db: Knex, hash: string): Promise<ApiKeyPrincipal | null> {
  const row = await usable(db('api_keys').where({ hash }), db).first('id', 'role', 'merchant_id', 'expires_at');
  if (!row) return null;
  return {
    id: String(row.id),
    role: row.role as Role,
    merchantId: row.merchant_id ?? null,
    customerId: null,
    expiresAt: row.expires_at ? new Date(row.expires_at).getTime() : null,
  };
}

export async function findApiKey(db: Knex, key: string): Promise<ApiKeyPrincipal | null> {
  return findApiKeyByHash(db, hashKey(key));
}

/** An active signing key a customer key may name: its hash is the secret its signatures are checked with. */
export interface SigningKey {
  id: string;
  hash: string;
  expiresAt: number | null;
}

/** Active signing keys with this prefix: almost always one, but prefixes are not unique, so the caller tries each. */
export async function findSigningKeys(db: Knex, prefix: string): Promise<SigningKey[]> {
  const rows = await usable(db('api_keys').where({ prefix, role: 'signing' }), db)
    .orderBy('id')
    .limit(8)
    .select('id', 'hash', 'expires_at');
  return rows.map((r: { id: string | number; hash: string; expires_at: Date | null }) => ({
    id: String(r.id),
    hash: r.hash,
    expiresAt: r.expires_at ? new Date(r.expires_at).getTime() : null,
  }));
}

/** Records use, at most once a minute per key whatever the callers do (the condition makes a repeat a no-op). */
export async function touchApiKey(db: Knex, id: string): Promise<void> {
  await db('api_keys')
    .where({ id })
    .where((q) => q.whereNull('last_used_at').orWhere('last_used_at', '<', db.raw("now() - interval '1 minute'")))
    .update({ last_used_at: db.fn.now() });
}

export async function revokeApiKey(db: Knex, id: string): Promise<boolean> {
  const updated = await db('api_keys').where({ id }).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
  return updated > 0;
}

export interface ApiKeyListing {
  id: string;
  prefix: string;
  role: Role;
  merchantId: string | null;
  label: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function listApiKeys(db: Knex): Promise<ApiKeyListing[]> {
  const rows = await db('api_keys')
    .orderBy('id')
    .select('id', 'prefix', 'role', 'merchant_id', 'label', 'created_at', 'expires_at', 'last_used_at', 'revoked_at');
  return rows.map((r) => ({
    id: String(r.id),
    prefix: r.prefix,
    role: r.role,
    merchantId: r.merchant_id,
    label: r.label,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}
