import type { ApiKeyPrincipal } from './api-keys';

/**
 * Who may do what: the one place it is decided. Each route group declares the
 * area it belongs to (app.ts) and routes name the customer whose data they
 * touch (middleware/auth.ts); the decisions are these pure functions, and the
 * README's role table is `accessTable` written out (a test holds them equal).
 */

/** The kinds of caller, as the README's table names them. */
export const principalKinds = ['public', 'customer', 'signing', 'merchandiser', 'admin', 'merchant-admin'] as const;
export type PrincipalKind = (typeof principalKinds)[number];

export function kindOf(principal: ApiKeyPrincipal): PrincipalKind {
  if (principal.customerId !== null) return 'customer';
  if (principal.role === 'admin' && principal.merchantId !== null) return 'merchant-admin';
  return principal.role;
}

/** What a route group gives access to. */
export const accessAreas = ['storefront', 'merchandising', 'merchant-catalog', 'marketplace-catalog', 'key-management'] as const;
export type Access = (typeof accessAreas)[number];

/**
 * Areas × kinds of caller. Customer data on storefront routes is a further
 * check (authorizeCustomer). Merchandising (rules, synonyms, weights, preview,
 * suggestions, analytics, experiments) shapes or reports on the whole marketplace, so a
 * merchant's key has none of it; its analytics would be everyone's queries.
 */
export const accessTable: Readonly<Record<Access, readonly PrincipalKind[]>> = {
  storefront: ['public', 'customer', 'merchandiser', 'admin', 'merchant-admin'],
  merchandising: ['merchandiser', 'admin'],
  'merchant-catalog': ['admin', 'merchant-admin'],
  'marketplace-catalog': ['admin'],
  'key-management': ['admin'],
};

export type Decision = { allowed: true } | { allowed: false; reason: string };

const allowed: Decision = { allowed: true };
const refuse = (reason: string): Decision => ({ allowed: false, reason });

const needs: Record<Access, string> = {
  storefront: 'a public key (or a customer key)',
  merchandising: 'a merchandiser key or an unscoped admin key',
  'merchant-catalog': 'an admin key',
  'marketplace-catalog': 'an unscoped admin key',
  'key-management': 'an unscoped admin key',
};

export function authorize(principal: ApiKeyPrincipal, access: Access): Decision {
  const kind = kindOf(principal);
  if (accessTable[access].includes(kind)) return allowed;
  if (kind === 'signing') {
    return refuse('A signing key only signs customer keys on your server and is never sent to the API; send a public or customer key.');
  }
  if (kind === 'merchant-admin') {
    const what =
      access === 'merchandising'
        ? 'Merchandising applies to the whole marketplace'
        : access === 'key-management'
          ? 'Keys are managed for the whole marketplace'
          : 'This is marketplace-wide data';
    return refuse(`${what}; this key is scoped to merchant ${principal.merchantId} and may only write that merchant's products.`);
  }
  return refuse(`This endpoint needs ${needs[access]}; this key is ${kind === 'customer' ? 'a customer key' : kind}.`);
}

/**
 * A customer's recommendations, events, personalised search and session
 * merge: only with a customer key bound to that very customer. No other key
 * reads or writes one customer's data, whatever its role: such a key is
 * signed for the shopper who signed in, and for no one else.
 */
export function authorizeCustomer(principal: ApiKeyPrincipal, customerId: string): Decision {
  // Exact equality, before any parsing: " c-2" is not c-2 here, so no trimming later can turn it into c-2.
  if (principal.customerId === customerId) return allowed;
  const named = /^[A-Za-z0-9._:/-]{1,128}$/.test(customerId) ? `customer ${customerId}` : 'that customer';
  if (principal.customerId !== null) return refuse(`This customer key is bound to customer ${principal.customerId}, not ${named}.`);
  return refuse(
    `The data of ${named} needs a customer key bound to that customer (signed by your server with a signing key; see README, API keys); this key is ${kindOf(principal)}.`,
  );
}
