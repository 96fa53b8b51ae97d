import { createApi, publicKeys } from './api.js';
import { wireKeyForm } from './page-key.js';
import { h } from './dom.js';
import { wireFiltersDrawer } from './filters-drawer.js';
import { createProductView } from './product-view.js';
import { createSearchView } from './search-view.js';
import { createShopper, demoCustomers } from './shopper.js';
import { createSuggest } from './suggest.js';
import { emptySearch, productUrl, readLocation, searchUrl } from './state.js';

/**
 * The storefront demo's entry: the API key, the shopper, and a tiny router
 * that draws the page for the current URL (search or product) and redraws it
 * on back/forward.
 */

const el = (id) => document.getElementById(id);
let key = publicKeys.current();
const customers = demoCustomers();
// A signed-in customer's calls carry that customer's key; everyone else's the public key.
const api = createApi(() => shopper.customerKey ?? key?.key ?? '');
const shopper = createShopper(api, customers);

function showKeyView(message = '') {
  el('search-view').hidden = true;
  el('product-view').hidden = true;
  el('key-view').hidden = false;
  el('key-error').textContent = message;
  el('key-input').focus();
}

/**
 * What a failed call shows. A refused pasted key is forgotten, falling back
 * to the server's demo key if there is one; a refused demo key leads to the
 * key form. Anything else is said where it happened.
 */
function onApiError(error, where) {
  if ((error.status === 401 || error.status === 403) && shopper.customerId) {
    // The customer's key was refused (it expired, or its signing key was revoked): back to an anonymous visit.
    void shopper.switchTo(null).then(() => {
      el('shopper-select').value = '';
      render();
    });
    return;
  }
  if (error.status === 401 || error.status === 403) {
    const refused = key;
    if (refused && !refused.fromServer) publicKeys.remember(null);
    key = refused?.fromServer ? null : publicKeys.current();
    if (key) render();
    else
      showKeyView(
        refused?.fromServer ? 'The API refused the demo key. Paste a public key.' : 'The API refused this key. Paste a public key.',
      );
    return;
  }
  const text = error.status === 503 ? 'Search is unavailable right now; try again in a moment.' : error.message;
  where.textContent = text;
}

const searchView = createSearchView({ api, shopper, navigate, onApiError });
const productView = createProductView({
  api,
  shopper,
  // Entries this visit pushed carry their position, so "Back to results" knows whether there is a page to go back to.
  hasHistory: () => (history.state?.index ?? 0) > 0,
  onCartChange: (count) => {
    el('cart-count').textContent = String(count);
  },
});

function render({ recordView = true } = {}) {
  if (!key) {
    showKeyView();
    return;
  }
  el('key-view').hidden = true;
  const route = readLocation(location.search);
  if (route.view === 'product') {
    filtersDrawer.close();
    searchView.hide();
    productView.show(route.productId, { recordView });
    return;
  }
  const fromProduct = !el('product-view').hidden;
  productView.hide();
  el('search-input').value = route.search.q;
  const shown = searchView.show(route.search, location.pathname + location.search);
  // The link that was followed is gone: keyboard and screen reader users continue at the results' heading.
  if (fromProduct) el('results-heading').focus({ preventScroll: true });
  void shown.then(() => {
    const scrollY = history.state?.scrollY;
    if (typeof scrollY === 'number') window.scrollTo(0, scrollY);
  });
}

/** Goes to a URL of this page without reloading it, remembering where the visitor was scrolled. */
function navigate(url) {
  history.replaceState({ ...history.state, scrollY: window.scrollY }, '');
  if (url !== location.pathname + location.search) history.pushState({ index: (history.state?.index ?? 0) + 1 }, '', url);
  window.scrollTo(0, 0);
  render();
}

function setUpShopperSelect() {
  const select = el('shopper-select');
  select.append(
    h('option', { value: '', text: 'Anonymous session' }),
    ...customers.map(({ id }) => h('option', { value: id, text: `Customer ${id}` })),
  );
  // Without customer keys from the server there is nobody to sign in as.
  select.disabled = customers.length === 0;
  select.value = shopper.customerId ?? '';
  select.addEventListener('change', async () => {
    select.disabled = true;
    try {
      await shopper.switchTo(select.value || null);
    } catch (error) {
      // The merge failed; the switch still happened, history just stays with the session.
      console.warn('session merge failed:', error.message);
    } finally {
      select.disabled = false;
    }
    searchView.reset();
    render({ recordView: false });
  });
}

function setUpSearchBox() {
  const input = el('search-input');
  const suggest = createSuggest({
    input,
    listbox: el('suggestions'),
    api,
    onChoose(option) {
      if (option.kind === 'query') navigate(searchUrl({ ...emptySearch, q: option.text }));
      else if (option.kind === 'product') navigate(productUrl(option.id));
      else if (option.kind === 'category') navigate(searchUrl({ ...emptySearch, category: [option.id] }));
      else if (option.kind === 'brand') navigate(searchUrl({ ...emptySearch, brand: [option.id] }));
    },
  });
  el('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    suggest.cancel();
    // A new query starts from the whole catalogue; filters belong to the previous question.
    navigate(searchUrl({ ...emptySearch, q: input.value.trim() }));
  });
}

function setUpKeyForm() {
  wireKeyForm(publicKeys, {
    onKey(pasted) {
      key = pasted;
      render();
    },
    onForget() {
      key = null;
      showKeyView();
    },
  });
}

// Links marked data-nav stay in the page; modified clicks (new tab, new window) keep the browser's behaviour.
document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[data-nav]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});
window.addEventListener('popstate', () => render());
history.scrollRestoration = 'manual';

el('cart-count').textContent = String(shopper.cartCount());
setUpShopperSelect();
setUpSearchBox();
setUpKeyForm();
const filtersDrawer = wireFiltersDrawer();
render();
