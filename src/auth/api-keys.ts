import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

export const roles = ['public', 'merchandiser', 'admin'] as const;
export type Role = (typeof roles)[number];

/** A key's role grants its own endpoints and every less privileged role's. */
const rank: Record<Role, number> = { public: 0, merchandiser: 1, admin: 2 };

export function roleAllows(granted: Role, required: Role): boolean {
  return rank[granted] >= rank[required];
}

export interface ApiKeyPrincipal {
  id: string;
  role: Role;
  /** Set on merchant-scoped admin keys: they may write only this merchant's products. */
  merchantId: string | null;
}

const keyPrefixes: Record<Role, string> = { public: 'agp', merchandiser: 'agm', admin: 'aga' };

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
}

export async function createApiKey(
  db: Knex,
  input: { role: Role; merchantId?: string | null; label?: string | null },
): Promise<CreatedApiKey> {
  const key = generateKey(input.role);
  const prefix = key.slice(0, 10);
  const [row] = await db('api_keys')
    .insert({ prefix, hash: hashKey(key), role: input.role, merchant_id: input.merchantId ?? null, label: input.label ?? null })
    .returning(['id']);
  return { id: String(row.id), key, prefix, role: input.role, merchantId: input.merchantId ?? null };
}

export async function findApiKey(db: Knex, key: string): Promise<ApiKeyPrincipal | null> {
  const row = await db('api_keys')
    .where({ hash: hashKey(key) })
    .whereNull('revoked_at')
    .first('id', 'role', 'merchant_id');
  if (!row) return null;
  return { id: String(row.id), role: row.role as Role, merchantId: row.merchant_id ?? null };
}

export async function revokeApiKey(db: Knex, id: string): Promise<boolean> {
  const updated = await db('api_keys').where({ id }).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
  return updated > 0;
}

export async function listApiKeys(db: Knex): Promise<
  Array<{
    id: string;
    prefix: string;
    role: Role;
    merchantId: string | null;
    label: string | null;
    createdAt: Date;
    revokedAt: Date | null;
  }>
> {
  const rows = await db('api_keys').orderBy('id').select('id', 'prefix', 'role', 'merchant_id', 'label', 'created_at', 'revoked_at');
  return rows.map((r) => ({
    id: String(r.id),
    prefix: r.prefix,
    role: r.role,
    merchantId: r.merchant_id,
    label: r.label,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));
}
