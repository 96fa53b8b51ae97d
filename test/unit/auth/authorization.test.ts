import assert from 'node:assert/strict';
import type { ApiKeyPrincipal } from '../../../src/auth/api-keys';
import { grants, readmeAuthorizationTable } from '../../support/authorization-table';
import {
  accessAreas,
  accessTable,
  authorize,
  authorizeCustomer,
  kindOf,
  principalKinds,
  type Access,
  type PrincipalKind,
} from '../../../src/auth/authorization';

const base = { id: '1', merchantId: null, customerId: null, expiresAt: null } as const;
const principals: Record<PrincipalKind, ApiKeyPrincipal> = {
  public: { ...base, role: 'public' },
  customer: { ...base, role: 'public', customerId: 'c-1' },
  signing: { ...base, role: 'signing' },
  merchandiser: { ...base, role: 'merchandiser' },
  admin: { ...base, role: 'admin' },
  'merchant-admin': { ...base, role: 'admin', merchantId: 'm-002' },
};

/** Written out by hand, row by row: the README's table says the same. */
const expected: Record<Access, PrincipalKind[]> = {
  storefront: ['public', 'customer', 'merchandiser', 'admin', 'merchant-admin'],
  merchandising: ['merchandiser', 'admin'],
  'merchant-catalog': ['admin', 'merchant-admin'],
  'marketplace-catalog': ['admin'],
  'key-management': ['admin'],
};

describe('authorization', () => {
  it('tells the kinds of caller apart', () => {
    for (const kind of principalKinds) assert.equal(kindOf(principals[kind]), kind);
  });

  for (const access of accessAreas) {
    it(`${access}: allows exactly ${expected[access].join(', ')}`, () => {
      for (const kind of principalKinds) {
        const decision = authorize(principals[kind], access);
        assert.equal(decision.allowed, expected[access].includes(kind), `${kind} on ${access}`);
        if (!decision.allowed) assert.ok(decision.reason.length > 20, 'a refusal says why');
      }
    });
  }

  it('tells a merchant-scoped key why marketplace-wide merchandising is refused', () => {
    const decision = authorize(principals['merchant-admin'], 'merchandising');
    assert.equal(decision.allowed, false);
    assert.match(!decision.allowed ? decision.reason : '', /whole marketplace.*merchant m-002/);
  });

  it('refuses a signing key everywhere, saying it belongs on the server', () => {
    for (const access of accessAreas) {
      const decision = authorize(principals.signing, access);
      assert.equal(decision.allowed, false);
      assert.match(!decision.allowed ? decision.reason : '', /signing key/);
    }
  });

  it('lets only the customer key bound to a customer touch that customer’s data', () => {
    assert.equal(authorizeCustomer(principals.customer, 'c-1').allowed, true);
    for (const kind of principalKinds) {
      for (const customer of ['c-2', 'c-1 ', ' c-1', 'C-1', 'c-1\u200b']) {
        assert.equal(authorizeCustomer(principals[kind], customer).allowed, false, `${kind} for ${JSON.stringify(customer)}`);
      }
      if (kind !== 'customer') assert.equal(authorizeCustomer(principals[kind], 'c-1').allowed, false, kind);
    }
    const other = authorizeCustomer(principals.customer, 'c-2');
    assert.match(!other.allowed ? other.reason : '', /bound to customer c-1, not customer c-2/);
    const publicKey = authorizeCustomer(principals.public, 'c-2');
    assert.match(!publicKey.allowed ? publicKey.reason : '', /customer key bound to that customer.*this key is public/);
  });

  it('never echoes a customer id that is not one', () => {
    const decision = authorizeCustomer(principals.public, '<script>' + 'x'.repeat(500));
    assert.equal(decision.allowed, false);
    assert.doesNotMatch(!decision.allowed ? decision.reason : '', /script|xxxx/);
  });
});

describe('the README’s authorization table', () => {
  const table = readmeAuthorizationTable();

  it('has a row per area, and the customer-data rule', () => {
    assert.deepEqual([...table.keys()].sort(), [...accessAreas, 'customer-data'].sort());
  });

  it('says what accessTable enforces, cell by cell', () => {
    for (const access of accessAreas) {
      for (const kind of principalKinds) {
        assert.equal(grants(table.get(access)!.cells[kind]), accessTable[access].includes(kind), `${access} × ${kind}`);
      }
    }
  });

  it('gives a customer’s data to that customer’s key alone', () => {
    const row = table.get('customer-data')!.cells;
    for (const kind of principalKinds) {
      assert.equal(grants(row[kind]), kind === 'customer', kind);
      assert.equal(grants(row[kind]), authorizeCustomer(principals[kind], 'c-1').allowed, kind);
    }
  });
});
