/**
 * Who is shopping, and what they do. An anonymous visitor has a session id
 * and the page's public key; "signing in" as a demo customer switches to the
 * customer key the server signed for that customer (a customer's data answers
 * to no other key) and merges the session's events into the customer (POST
 * /v1/sessions/merge), as a storefront would at login.
 */

/**
 * The demo customers the server signed keys for (development only; see
 * src/web/demo-keys.ts): [{ id, key }], or none, and then nobody signs in.
 */
export function demoCustomers() {
  try {
    const config = JSON.parse(document.getElementById('agora-config')?.textContent || '{}');
    return Array.isArray(config.customers) ? config.customers.filter((c) => typeof c?.id === 'string' && typeof c?.key === 'string') : [];
  } catch {
    return [];
  }
}

const sessionKey = 'agora.sessionId';
const customerKey = 'agora.customerId';
const cartKey = 'agora.cartCount';

function newSessionId() {
  return `s-${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

export function createShopper(api, customers = []) {
  const keys = new Map(customers.map((c) => [c.id, c.key]));
  let sessionId = localStorage.getItem(sessionKey) || newSessionId();
  // A customer remembered from an earlier visit stays signed in only if this page has a key for them.
  let customerId = keys.has(localStorage.getItem(customerKey)) ? localStorage.getItem(customerKey) : null;
  localStorage.setItem(sessionKey, sessionId);
  if (!customerId) localStorage.removeItem(customerKey);

  return {
    get customerId() {
      return customerId;
    },
    /** The signed-in customer's own key, or null: then the page's public key is sent. */
    get customerKey() {
      return customerId ? (keys.get(customerId) ?? null) : null;
    },
    get sessionId() {
      return sessionId;
    },

    /** Parameters naming the shopper for /v1/search and the recommendation endpoints. */
    params() {
      return customerId ? { customer: customerId, session: sessionId } : { session: sessionId };
    },

    /** Switches shopper. Anonymous → customer merges the session; signing out starts a fresh session. */
    async switchTo(nextCustomerId) {
      const previous = customerId;
      customerId = nextCustomerId && keys.has(nextCustomerId) ? nextCustomerId : null;
      if (customerId) localStorage.setItem(customerKey, customerId);
      else localStorage.removeItem(customerKey);
      if (customerId && !previous) {
        await api.post('/v1/sessions/merge', { sessionId, customerId });
      } else if (!customerId && previous) {
        sessionId = newSessionId();
        localStorage.setItem(sessionKey, sessionId);
      }
    },

    /**
     * Records one event; never throws (a lost event must not break the page).
     * `keepalive` lets it finish even when the shopper navigates away. For a
     * click on a search result, `position` (1 for the first result) and
     * `requestId` (the search answer's) feed click-position and per-context analytics.
     */
    async track(type, productId, query, { position, requestId } = {}) {
      const event = {
        type,
        productId,
        sessionId,
        ...(customerId ? { customerId } : {}),
        ...(query ? { query } : {}),
        ...(Number.isInteger(position) && position > 0 ? { position } : {}),
        ...(requestId ? { requestId } : {}),
      };
      try {
        await api.post('/v1/events', { events: [event] }, { keepalive: true });
        return true;
      } catch (error) {
        console.warn(`event ${type} not recorded:`, error.message);
        return false;
      }
    },

    cartCount() {
      return Number(localStorage.getItem(cartKey) || 0);
    },
    addToCart() {
      localStorage.setItem(cartKey, String(this.cartCount() + 1));
      return this.cartCount();
    },
  };
}
