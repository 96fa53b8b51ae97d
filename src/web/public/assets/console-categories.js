import { h } from './dom.js';

/**
 * Category ids with their names, for the inputs that take one (rule
 * conditions, preview, weights). There is no category list endpoint, so this
 * asks the search's category facet: the top level, then the level below each
 * (one request per top-level category, in parallel). Deeper ids can still be
 * typed. Merchandiser keys may search, like every key.
 */
export async function loadCategories(api) {
  const facet = async (params) =>
    (await api.get('/v1/search', { facets: 'category', facet_size: 50, size: 1, ...params })).facets?.category ?? [];
  const top = await facet({});
  const children = await Promise.all(top.map((c) => facet({ category: c.value }).catch(() => [])));
  const out = [];
  top.forEach((c, i) => {
    out.push({ id: c.value, label: c.label });
    for (const child of children[i]) if (child.value !== c.value) out.push({ id: child.value, label: `${c.label} › ${child.label}` });
  });
  return out;
}

/** Fills the page's shared `<datalist>` so category inputs suggest ids by name. */
export function fillCategoryList(datalist, categories) {
  datalist.replaceChildren(...categories.map((c) => h('option', { value: c.id, label: c.label })));
}
