import { h, clear, formatCount, humanize, safeUrl } from './dom.js';
import { categoryLabels, renderFacets } from './facets.js';
import { productCard, rememberProducts } from './products.js';
import { recommendationWidget } from './recommendations.js';
import { hasFilters, searchParams, searchUrl } from './state.js';

/**
 * The search and category page: one /v1/search call per state (query,
 * filters, sort), its answer drawn as messages, banners, results, facets and
 * a "Load more" button that follows `nextCursor`.
 */
export function createSearchView({ api, shopper, navigate, onApiError }) {
  const el = (id) => document.getElementById(id);
  const view = el('search-view');
  const facets = el('facets');
  const heading = el('results-heading');
  const sortSelect = el('sort-select');
  const messages = el('search-messages');
  const status = el('results-status');
  const results = el('results');
  const bannersBottom = el('banners-bottom');
  const loadMore = el('load-more');
  const trendingHome = el('trending-home');

  let current = null; // { url, search, response, hits, nextCursor }
  let controller = null;

  sortSelect.addEventListener('change', () => current && navigate(searchUrl({ ...current.search, sort: sortSelect.value })));
  loadMore.addEventListener('click', () => current && appendPage(current));

  function onOpen(search) {
    return (product) => void shopper.track(search.q ? 'search_click' : 'click', product.id, search.q || undefined);
  }

  function banner(b) {
    const link = safeUrl(b.linkUrl);
    const image = safeUrl(b.imageUrl);
    const body = [
      image ? h('img', { src: image, alt: '' }) : null,
      h('strong', { text: b.title }),
      b.text ? h('p', { text: b.text }) : null,
    ];
    // A link into this storefront stays in the page; others leave it.
    const anchor = link ? h('a', { href: link, dataset: link.startsWith('/') ? { nav: '' } : {} }, body) : null;
    return h('aside', { class: 'banner', 'aria-label': b.title || 'Promotion' }, anchor ?? body);
  }

  function renderMessages(search, response) {
    const items = [];
    const shown = response.showingCorrected ? response.correctedQuery : response.rewrittenQuery;
    if (response.redirect) {
      const target = safeUrl(response.redirect);
      items.push(
        h(
          'p',
          { class: 'notice' },
          `“${search.q}” has a page of its own: `,
          target ? h('a', { href: target, text: target }) : response.redirect,
        ),
      );
    }
    if (response.showingCorrected) items.push(h('p', { class: 'notice' }, `No results for “${search.q}”. Showing results for “${shown}”.`));
    else if (response.rewrittenQuery) items.push(h('p', { class: 'notice' }, `Showing results for “${shown}”.`));
    if (response.correctedQuery && !response.showingCorrected) {
      items.push(
        h(
          'p',
          { class: 'notice' },
          'Did you mean ',
          h('a', { href: searchUrl({ ...search, q: response.correctedQuery }), dataset: { nav: '' }, text: response.correctedQuery }),
          '?',
        ),
      );
    }
    if (response.relaxed)
      items.push(h('p', { class: 'notice' }, `No product matched every word of “${search.q}”: these match most of them.`));
    const banners = Array.isArray(response.banners) ? response.banners : [];
    items.push(...banners.filter((b) => (b.placement ?? 'top') === 'top').map(banner));
    clear(messages).append(...items);
    clear(bannersBottom).append(...banners.filter((b) => b.placement === 'bottom').map(banner));
    return banners.filter((b) => b.placement === 'inline');
  }

  function titleFor(search, response) {
    const q = response.showingCorrected ? response.correctedQuery : (response.rewrittenQuery ?? search.q);
    if (q) return `Results for “${q}”`;
    const category = search.category.at(-1);
    return category ? (categoryLabels.get(category) ?? humanize(category)) : 'All products';
  }

  function renderStatus(state) {
    const { total, tookMs } = state.response;
    const count = `${formatCount(total.value)}${total.exact ? '' : '+'}`;
    status.textContent =
      total.value === 0
        ? 'No products found.'
        : `Showing ${formatCount(state.hits.length)} of ${count} products (${Math.round(tookMs)} ms).`;
    loadMore.hidden = !state.nextCursor;
  }

  function render(state) {
    const { search, response } = state;
    heading.textContent = titleFor(search, response);
    document.title = `${heading.textContent} · Agora demo`;
    sortSelect.value = search.sort;
    const inline = renderMessages(search, response);
    const cards = state.hits.map((hit) => productCard(hit, { highlight: hit.highlightedTitle, onOpen: onOpen(search) }));
    if (inline.length > 0) cards.splice(Math.min(4, cards.length), 0, ...inline.map((b) => h('li', { class: 'inline-banner' }, banner(b))));
    clear(results).append(...cards);
    renderFacets(facets, { facets: response.facets ?? {}, search, onChange: (next) => navigate(searchUrl(next)) });
    renderStatus(state);
    const home = !search.q && !hasFilters(search);
    clear(trendingHome);
    if (home) {
      trendingHome.append(
        recommendationWidget({
          id: 'home-trending',
          title: 'Trending now',
          onOpen: onOpen(search),
          load: () => api.get('/v1/recommendations/trending', { size: 10, ...shopper.params() }),
        }),
      );
    }
  }

  async function appendPage(state) {
    loadMore.disabled = true;
    try {
      const page = await api.get('/v1/search', searchParams(state.search, shopper.params(), state.nextCursor));
      if (current !== state) return;
      rememberProducts(page.hits);
      const cards = page.hits.map((hit) => productCard(hit, { highlight: hit.highlightedTitle, onOpen: onOpen(state.search) }));
      results.append(...cards);
      state.hits.push(...page.hits);
      state.nextCursor = page.nextCursor;
      renderStatus(state);
      // Keyboard users continue where the new products start.
      cards[0]?.querySelector('a')?.focus();
    } catch (error) {
      onApiError(error, status);
    } finally {
      loadMore.disabled = false;
    }
  }

  return {
    hide() {
      view.hidden = true;
    },
    /** Shows the state at `url`; coming back to the page last shown redraws it as it was (pages loaded, scroll). */
    async show(search, url) {
      view.hidden = false;
      if (current?.url === url) {
        render(current);
        return;
      }
      controller?.abort();
      controller = new AbortController();
      results.setAttribute('aria-busy', 'true');
      status.textContent = 'Searching…';
      try {
        const response = await api.get('/v1/search', searchParams(search, shopper.params()), { signal: controller.signal });
        rememberProducts(response.hits);
        current = { url, search, response, hits: [...response.hits], nextCursor: response.nextCursor };
        render(current);
      } catch (error) {
        if (error.name === 'AbortError') return;
        current = null;
        clear(results);
        clear(messages);
        loadMore.hidden = true;
        onApiError(error, status);
      } finally {
        results.setAttribute('aria-busy', 'false');
      }
    },
    /** Forget the last answer: the shopper changed, so personalised results may differ. */
    reset() {
      current = null;
    },
  };
}
