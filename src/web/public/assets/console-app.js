import { createApi } from './api.js';
import { byId } from './dom.js';
import { fillCategoryList, loadCategories } from './console-categories.js';
import { consoleKeys } from './console-key.js';
import { wireKeyForm } from './page-key.js';
import { createAnalyticsView } from './console-analytics.js';
import { createExperimentsView } from './console-experiments.js';
import { createPreviewView } from './console-preview.js';
import { createRulesView } from './console-rules.js';
import { createSynonymsView } from './console-synonyms.js';
import { createWeightsView } from './console-weights.js';
import { createVisualView } from './console-visual.js';
import { createHistoryView } from './console-history.js';
import { createTransferView } from './console-transfer.js';
import { createSuggestionsView } from './console-suggestions.js';
import { createProductCards } from './console-products.js';

/**
 * The merchandiser console's entry: the key, one shared context for the
 * views (API, announcements, drafts for the preview), and tabs chosen by
 * the URL's hash, so each can be bookmarked and Back works.
 */

const tabs = ['rules', 'visual', 'synonyms', 'suggestions', 'weights', 'preview', 'analytics', 'history', 'transfer', 'experiments'];
const tabTitles = {
  rules: 'Rules',
  visual: 'Visual merchandising',
  synonyms: 'Synonyms',
  suggestions: 'Search suggestions',
  weights: 'Weights',
  preview: 'Preview',
  analytics: 'Analytics',
  history: 'History',
  transfer: 'Import and export',
  experiments: 'Experiments',
};
let key = consoleKeys.current();
let categories = null;
let announceTimer = null;

const ctx = {
  api: createApi(() => key?.key ?? ''),
  /** Says what just happened in the page's live region (cleared first, so the same words are read again). */
  announce(text) {
    const status = byId('console-status');
    status.textContent = '';
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => (status.textContent = text), 30);
  },
  /**
   * Handles what any view's call can meet: a key the API refuses. True when
   * it did (the view then stops); other errors stay with the view.
   */
  failed(error) {
    if (error?.status !== 401 && error?.status !== 403) return false;
    const refused = key;
    if (refused && !refused.fromServer) consoleKeys.remember(null);
    key = refused?.fromServer ? null : consoleKeys.current();
    if (key && key.key !== refused?.key) {
      render();
      return true;
    }
    key = null;
    const which = refused?.fromServer ? 'the demo key' : 'this key';
    showKeyView(
      error.status === 403
        ? `The API says ${which} is not a merchandiser key: ${error.message} Paste a merchandiser key.`
        : `The API refused ${which}. Paste a merchandiser key.`,
    );
    return true;
  },
  /** Category ids and names for inputs, loaded once and put into the shared datalist. */
  categories() {
    categories ??= loadCategories(ctx.api)
      .then((list) => {
        fillCategoryList(byId('category-options'), list);
        return list;
      })
      .catch(() => {
        categories = null;
        return [];
      });
    return categories;
  },
  /** What each editor has unsaved, for the preview: set by the rules and weights views. */
  drafts: {},
  openPreview: () => undefined,
  openVisual: () => undefined,
  openHistory: () => undefined,
};
/** Product cards by id, for every list that names products. */
ctx.products = createProductCards(ctx.api);

const views = {
  rules: createRulesView(ctx),
  visual: createVisualView(ctx),
  synonyms: createSynonymsView(ctx),
  weights: createWeightsView(ctx),
  preview: createPreviewView(ctx),
  analytics: createAnalyticsView(ctx),
  experiments: createExperimentsView(ctx),
  history: createHistoryView(ctx),
  transfer: createTransferView(ctx),
  suggestions: (() => {
    const view = createSuggestionsView(ctx);
    return { heading: () => byId('suggestions-heading'), show: view.load };
  })(),
};

function showKeyView(message = '') {
  for (const tab of tabs) byId(`${tab}-view`).hidden = true;
  byId('console-nav').hidden = true;
  byId('key-view').hidden = false;
  byId('key-error').textContent = message;
  byId('key-input').focus();
}

const currentTab = () => {
  const tab = location.hash.slice(1);
  return tabs.includes(tab) ? tab : 'rules';
};

/** Shows the tab the URL names; `focus` moves the keyboard to its heading (after the visitor chose it, not on first load). */
function render({ focus = false } = {}) {
  if (!key) {
    showKeyView();
    return;
  }
  byId('key-view').hidden = true;
  byId('console-nav').hidden = false;
  const tab = currentTab();
  for (const name of tabs) {
    byId(`${name}-view`).hidden = name !== tab;
    const link = document.querySelector(`#console-nav a[href="#${name}"]`);
    if (name === tab) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${tabTitles[tab]} · Agora merchandiser console`;
  if (focus) {
    // What was said on another tab would read as news about this one.
    byId('console-status').textContent = '';
    views[tab].heading().focus();
  }
  void views[tab].show();
}

wireKeyForm(consoleKeys, {
  onKey(pasted) {
    key = pasted;
    render({ focus: true });
  },
  onForget() {
    key = null;
    showKeyView();
  },
});
/** What leaving now would lose: the first view with unsaved work says what, in its words. */
const unsavedWork = () =>
  Object.values(views)
    .map((view) => view.unsaved?.() ?? null)
    .find(Boolean) ?? null;

// Moving between tabs keeps every view's work (the views stay in the page); closing, reloading or
// following a link away loses it, so the browser asks first.
window.addEventListener('hashchange', () => render({ focus: true }));
window.addEventListener('beforeunload', (event) => {
  if (!unsavedWork()) return;
  event.preventDefault();
  event.returnValue = '';
});
render();
