/**
 * Who is shopping, and what they do. An anonymous visitor has a session id;
 * "signing in" as a demo customer merges that session's events into the
 * customer (POST /v1/sessions/merge), as a storefront would at login.
 */

/** A few customers of the seeded demo marketplace (`agora seed --size demo`), each with an order history. */
export const demoCustomers = ['c-000001', 'c-000002', 'c-000003', 'c-000004', 'c-000005'];

const sessionKey = 'agora.sessionId';
const customerKey = 'agora.customerId';
const cartKey = 'agora.cartCount';

function newSessionId() {
  return `s-${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

export function createShopper(api) {
  let sessionId = localStorage.getItem(sessionKey) || newSessionId();
  let customerId = localStorage.getItem(customerKey) || null;
  localStorage.setItem(sessionKey, sessionId);

  return {
    get customerId() {
      return customerId;
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
      customerId = nextCustomerId || null;
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
     * `keepalive` lets it finish even when the shopper navigates away.
     */
    async track(type, productId, query) {
      const event = { type, productId, sessionId, ...(customerId ? { customerId } : {}), ...(query ? { query } : {}) };
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
