import { h, clear, formatCount, humanize, safeUrl } from './dom.js';
import { chosenFilters, renderChosenFilters } from './chosen-filters.js';
import { bandFormats, categoryLabels, categoryTrail, renderFacets } from './facets.js';
import { productCard, rememberProducts } from './products.js';
import { recommendationWidget } from './recommendations.js';
import { emptySearch, hasFilters, searchParams, searchUrl } from './state.js';

/** The API's sort options (`sort` of /v1/search) as the page names them. */
const sortLabels = {
  relevance: 'Best match',
  best_selling: 'Best selling',
  newest: 'Newest',
  price_asc: 'Price: low to high',
  price_desc: 'Price: high to low',
  rating: 'Rating',
};

/**
 * The sort menu: first the API's own default for this page (it answers which
 * in `sort`: best match for a query, best selling for a category or the whole
 * catalogue), named for what it is, then the others. "Best match" is offered
 * only where there is a query to match.
 */
function sortChoices(search, response) {
  const fallback = search.q ? 'relevance' : 'best_selling';
  const byDefault = search.sort === '' ? (response?.sort ?? fallback) : fallback;
  // A sort the URL asks for is always listed, even best match without a query (it then ranks as best selling does).
  const others = Object.keys(sortLabels).filter((key) => key !== byDefault && (key !== 'relevance' || search.q || search.sort === key));
  return {
    selected: search.sort === byDefault ? '' : search.sort,
    options: [
      { value: '', label: sortLabels[byDefault] ?? sortLabels[fallback] },
      ...others.map((key) => ({ value: key, label: sortLabels[key] })),
    ],
  };
}

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
  const chosen = el('chosen-filters');
  const trailNav = el('category-trail');
  const filtersCount = el('filters-count');
  const showResults = el('show-results');

  let current = null; // { url, search, response, hits, requestIds, nextCursor }
  let controller = null;

  sortSelect.addEventListener('change', () => current && navigate(searchUrl({ ...current.search, sort: sortSelect.value, page: 1 })));
  loadMore.addEventListener('click', () => current && appendPage(current));

  /** A product opened from this page; a result also says where it stood (1 for the first) and which search answered it. */
  function onOpen(search, result = {}) {
    return (product) => void shopper.track(search.q ? 'search_click' : 'click', product.id, search.q || undefined, result);
  }

  /** The card of the result at `index` in the list shown (all pages loaded so far). */
  function resultCard(state, index) {
    const hit = state.hits[index];
    const result = { position: index + 1, requestId: state.requestIds[index] };
    return productCard(hit, { highlight: hit.highlightedTitle, onOpen: onOpen(state.search, result) });
  }

  /**
   * A short first page goes on with products matching some of the words, under a heading of their own; their positions
   * follow the results', as the shopper sees them.
   */
  function partialMatchCards(state) {
    const partial = state.response.partialMatches ?? [];
    if (partial.length === 0) return [];
    const heading = h('li', { class: 'partial-matches-heading' }, h('h2', { text: 'Matching some of your words' }));
    const requestId = state.requestIds[0];
    return [
      heading,
      ...partial.map((hit, i) =>
        productCard(hit, {
          highlight: hit.highlightedTitle,
          onOpen: onOpen(state.search, { position: state.hits.length + i + 1, requestId }),
        }),
      ),
    ];
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

  /**
   * What was searched, said once: a query the API corrected or rewrote (with
   * a way to search the words as typed instead), a spelling it suggests,
   * results that match only most of the words. One notice, its queries as
   * links.
   */
  function queryNotice(search, response) {
    const link = (q, { correct = true } = {}) =>
      h('a', { href: searchUrl({ ...search, q, correct, page: 1 }), dataset: { nav: '' } }, h('strong', { text: q }));
    const parts = [];
    if (response.showingCorrected && response.correctedQuery) {
      parts.push(
        `No results for “${search.q}”. Showing results for `,
        link(response.correctedQuery),
        '. ',
        h('span', { class: 'as-typed' }, 'Search instead for ', link(search.q, { correct: false })),
      );
    } else if (response.rewrittenQuery) {
      parts.push(`Showing results for “${response.rewrittenQuery}”.`);
    } else if (response.correctedQuery && response.hits.length > 0) {
      parts.push('Did you mean ', link(response.correctedQuery), '?');
    }
    const price = response.interpretedFilters?.price;
    if (price && (price.gte !== undefined || price.lte !== undefined)) {
      // "shoes under 50": the API read a price out of the words; taking it back is searching the other words.
      const range = bandFormats.price.label(String(price.gte ?? ''), String(price.lte ?? ''));
      parts.push(
        `${parts.length > 0 ? ' ' : ''}Price ${range.charAt(0).toLowerCase()}${range.slice(1)}, as “${search.q}” says. `,
        h('a', {
          href: searchUrl({ ...search, q: response.interpretedFilters.query ?? '', page: 1 }),
          dataset: { nav: '' },
          text: 'Show all prices',
        }),
      );
    }
    if (response.relaxed && response.hits.length > 0) {
      parts.push(`${parts.length > 0 ? ' ' : ''}No product matched every word: these match most of them.`);
    }
    return parts.length === 0 ? null : h('p', { class: 'notice query-notice' }, parts);
  }

  function renderMessages(search, response) {
    const items = [];
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
    items.push(queryNotice(search, response));
    const banners = Array.isArray(response.banners) ? response.banners : [];
    items.push(...banners.filter((b) => (b.placement ?? 'top') === 'top').map(banner));
    clear(messages).append(...items.filter(Boolean));
    clear(bannersBottom).append(...banners.filter((b) => b.placement === 'bottom').map(banner));
    return banners.filter((b) => b.placement === 'inline');
  }

  /**
   * A search that found nothing is not a dead end: the corrected query, the
   * categories the API relates to it, a way out of the filters, and trending
   * products (the API's `noResults`; an API without it gets the trending list).
   */
  function noResultsPanel(search, response) {
    const offers = response.noResults ?? null;
    const ways = [];
    if (response.correctedQuery && !response.showingCorrected) {
      ways.push(
        h(
          'li',
          {},
          'Search for ',
          h(
            'a',
            { href: searchUrl({ ...emptySearch, q: response.correctedQuery }), dataset: { nav: '' } },
            h('strong', { text: response.correctedQuery }),
          ),
          ' instead',
        ),
      );
    }
    if (hasFilters(search)) {
      ways.push(
        h(
          'li',
          {},
          h('a', {
            href: searchUrl({ ...emptySearch, q: search.q, sort: search.sort, correct: search.correct }),
            dataset: { nav: '' },
            text: 'Search again without the filters',
          }),
        ),
      );
    }
    ways.push(h('li', {}, 'Check the spelling, or use fewer or more general words'));
    ways.push(h('li', {}, h('a', { href: '/', dataset: { nav: '' }, text: 'Browse all products' })));
    const categories = Array.isArray(offers?.categories) ? offers.categories : [];
    const trending = Array.isArray(offers?.trending) ? offers.trending : null;
    if (trending) rememberProducts(trending);
    return h(
      'section',
      { class: 'no-results', 'aria-labelledby': 'no-results-title' },
      h('h2', { id: 'no-results-title', text: search.q ? `Nothing matches “${search.q}”` : 'Nothing matches these filters' }),
      h('ul', { class: 'no-results-ways' }, ways),
      categories.length > 0
        ? h(
            'nav',
            { class: 'related-categories', 'aria-labelledby': 'related-categories-title' },
            h('h2', { id: 'related-categories-title', text: 'Related categories' }),
            h(
              'ul',
              {},
              categories.map((c) =>
                h(
                  'li',
                  {},
                  h('a', { href: searchUrl({ ...emptySearch, category: [c.id] }), dataset: { nav: '' }, text: c.name }),
                  typeof c.count === 'number' ? h('span', { class: 'count', text: ` ${formatCount(c.count)}` }) : null,
                ),
              ),
            ),
          )
        : null,
      trending
        ? trending.length > 0
          ? h(
              'section',
              { class: 'widget', 'aria-labelledby': 'no-results-trending' },
              h('h2', { id: 'no-results-trending', text: 'Trending now' }),
              h(
                'ul',
                { class: 'carousel' },
                trending.map((p) => productCard(p, { onOpen: onOpen(search) })),
              ),
            )
          : null
        : recommendationWidget({
            id: 'no-results-trending',
            title: 'Trending now',
            onOpen: onOpen(search),
            load: () => api.get('/v1/recommendations/trending', { size: 10, ...shopper.params() }),
          }),
    );
  }

  function titleFor(search, response) {
    const q = response.showingCorrected ? response.correctedQuery : (response.rewrittenQuery ?? search.q);
    if (q) return `Results for “${q}”`;
    const category = search.category.at(-1);
    if (!category) return 'All products';
    return (response.category?.id === category ? response.category.name : null) ?? categoryLabels.get(category) ?? humanize(category);
  }

  /** A category page's place in the tree, from the API's path: All products › Fashion › Shoes. */
  function renderTrail(search, response) {
    const trail = categoryTrail(search, response.category);
    clear(trailNav);
    trailNav.hidden = trail.length === 0;
    if (trail.length === 0) return;
    const name = (id) => categoryLabels.get(id) ?? humanize(id);
    trailNav.append(
      h(
        'ol',
        {},
        h('li', {}, h('a', { href: searchUrl({ ...emptySearch, q: search.q }), dataset: { nav: '' }, text: 'All products' })),
        trail.map((id, i) =>
          h(
            'li',
            {},
            i === trail.length - 1
              ? h('span', { 'aria-current': 'page', text: name(id) })
              : h('a', {
                  href: searchUrl({ ...emptySearch, q: search.q, category: trail.slice(0, i + 1) }),
                  dataset: { nav: '' },
                  text: name(id),
                }),
          ),
        ),
      ),
    );
  }

  function renderSort(search, response) {
    const { selected, options } = sortChoices(search, response);
    clear(sortSelect).append(...options.map((o) => h('option', { value: o.value, text: o.label })));
    sortSelect.value = selected;
  }

  /** Chips of the chosen filters, and their count on the phone's Filters button and in its drawer. */
  function renderChosen(search, response) {
    const chips = chosenFilters(search, { facets: response.facets ?? {}, category: response.category });
    renderChosenFilters(chosen, chips, search, (next) => navigate(searchUrl({ ...next, page: 1 })));
    filtersCount.textContent = chips.length > 0 ? ` (${chips.length})` : '';
    const total = `${formatCount(response.total.value)}${response.total.exact ? '' : '+'}`;
    showResults.textContent = response.total.value === 1 ? 'Show 1 result' : `Show ${total} results`;
  }

  function renderStatus(state) {
    const { total, tookMs } = state.response;
    const count = `${formatCount(total.value)}${total.exact ? '' : '+'}`;
    status.textContent =
      total.value === 0
        ? `No products found${state.search.q ? ` for “${state.search.q}”` : ''}.`
        : `Showing ${formatCount(state.hits.length)} of ${count} products (${Math.round(tookMs)} ms).`;
    loadMore.hidden = !state.nextCursor;
  }

  function render(state) {
    const { search, response } = state;
    heading.textContent = titleFor(search, response);
    document.title = `${heading.textContent} · Agora demo`;
    renderSort(search, response);
    renderTrail(search, response);
    renderChosen(search, response);
    const inline = renderMessages(search, response);
    const cards = state.hits.map((_, index) => resultCard(state, index));
    if (inline.length > 0) cards.splice(Math.min(4, cards.length), 0, ...inline.map((b) => h('li', { class: 'inline-banner' }, banner(b))));
    clear(results).append(...cards, ...partialMatchCards(state));
    // Any change of filters starts again from the first page.
    renderFacets(facets, {
      facets: response.facets ?? {},
      search: { ...search, page: 1 },
      category: response.category,
      onChange: (next) => navigate(searchUrl({ ...next, page: 1 })),
    });
    renderStatus(state);
    const home = !search.q && !hasFilters(search);
    // Nothing found: no sort, and no sidebar of zero counts unless filters are there to undo.
    const nothing = response.total.value === 0 && !response.redirect;
    view.classList.toggle('nothing-found', nothing);
    view.classList.toggle('without-facets', nothing && !hasFilters(search));
    clear(trendingHome);
    if (nothing) trendingHome.append(noResultsPanel(search, response));
    else if (home) {
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
      const meta = {};
      const page = await api.get('/v1/search', searchParams(state.search, shopper.params(), state.nextCursor), { meta });
      if (current !== state) return;
      rememberProducts(page.hits);
      const first = state.hits.length;
      state.hits.push(...page.hits);
      state.requestIds.push(...page.hits.map(() => meta.requestId));
      const cards = page.hits.map((_, i) => resultCard(state, first + i));
      results.append(...cards);
      state.nextCursor = page.nextCursor;
      // The URL counts the pages shown, so a reload or a shared link shows them all; one history entry still.
      state.search = { ...state.search, page: state.search.page + 1 };
      state.url = searchUrl(state.search);
      history.replaceState(history.state, '', state.url);
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
        const params = searchParams(search, shopper.params());
        const meta = {};
        const response = await api.get('/v1/search', params, { signal: controller.signal, meta });
        const hits = [...response.hits];
        // Per result, the request id of the answer it came in: a click names the search it followed.
        const requestIds = hits.map(() => meta.requestId);
        let nextCursor = response.nextCursor;
        if (search.page > 1 && nextCursor) {
          // The pages "Load more" had shown, by number (the facets came with the first).
          const pages = Array.from({ length: search.page - 1 }, (_, i) => i + 2);
          const metas = pages.map(() => ({}));
          const rest = await Promise.all(
            pages.map((n, i) => api.get('/v1/search', { ...params, facets: [], page: n }, { signal: controller.signal, meta: metas[i] })),
          );
          rest.forEach((page, i) => {
            hits.push(...page.hits);
            requestIds.push(...page.hits.map(() => metas[i].requestId));
          });
          nextCursor = rest.at(-1).nextCursor;
        }
        // The partial matches too: a product page opened from one paints at once like any other.
        rememberProducts([...hits, ...(response.partialMatches ?? [])]);
        current = { url, search, response, hits, requestIds, nextCursor };
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
