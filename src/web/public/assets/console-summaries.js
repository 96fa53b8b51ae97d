import { formatNumber } from './form-values.js';

/**
 * Rules and synonyms in one line of words, for lists a merchandiser scans:
 * `query is “running shoes” · category shoes and below`,
 * `pin shoe-4 at 1 · boost brand stride ×5`.
 */

const matchWords = { is: 'is', starts_with: 'starts with', contains: 'contains' };
const quoted = (values) => values.map((v) => `“${v}”`).join(' or ');
const listed = (values, most = 3) =>
  values.length <= most ? values.join(', ') : `${values.slice(0, most).join(', ')} and ${values.length - most} more`;

/** Instants as the merchandiser's own clock shows them. */
function when(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function summarizeConditions(conditions = {}) {
  const parts = [];
  if (conditions.query)
    parts.push(`query ${matchWords[conditions.query.match] ?? conditions.query.match} ${quoted(conditions.query.values)}`);
  if (conditions.category)
    parts.push(`category ${conditions.category.id}${conditions.category.includeDescendants === false ? ' only' : ' and below'}`);
  if (conditions.contexts?.length) parts.push(`context ${conditions.contexts.join(' or ')}`);
  if (conditions.startsAt && conditions.endsAt) parts.push(`${when(conditions.startsAt)} – ${when(conditions.endsAt)}`);
  else if (conditions.startsAt) parts.push(`from ${when(conditions.startsAt)}`);
  else if (conditions.endsAt) parts.push(`until ${when(conditions.endsAt)}`);
  return parts.length === 0 ? 'every search' : parts.join(' · ');
}

/** Which products a boost, bury or filter means: `brand stride, nimbus; price 10–50`. */
export function describeFilter(filter = {}, nameOf = (id) => id) {
  const parts = [];
  if (filter.productIds) parts.push(listed(filter.productIds.map(nameOf)));
  if (filter.brandIds) parts.push(`brand ${listed(filter.brandIds)}`);
  if (filter.categoryIds) parts.push(`category ${listed(filter.categoryIds)}`);
  if (filter.merchantIds) parts.push(`merchant ${listed(filter.merchantIds)}`);
  for (const [name, values] of Object.entries(filter.attributes ?? {})) parts.push(`${name} ${listed(values)}`);
  if (filter.price) parts.push(`price ${filter.price.min ?? 0}–${filter.price.max ?? 'any'}`);
  return parts.join('; ');
}

/** `nameOf` turns a product id into what the merchandiser knows it by (its title), when the console has it. */
export function describeAction(action, nameOf = (id) => id) {
  switch (action.type) {
    case 'pin':
      return `pin ${listed(action.pins.map((p) => `${nameOf(p.productId)} at ${p.position}`))}`;
    case 'hide':
      return `hide ${listed(action.productIds.map(nameOf))}`;
    case 'boost':
      return `boost ${describeFilter(action.filter, nameOf)} ×${formatNumber(1 + action.weight, 2)}`;
    case 'bury':
      return `bury ${describeFilter(action.filter, nameOf)} ×${formatNumber(1 - action.weight, 2)}`;
    case 'filter':
      return `only ${describeFilter(action.filter, nameOf)}`;
    case 'rewrite':
      return `search “${action.query}” instead`;
    case 'redirect':
      return `redirect to ${action.url}`;
    case 'banner':
      return `banner “${action.banner.title}” (${action.banner.placement ?? 'top'})`;
    case 'data':
      return `data ${Object.keys(action.data ?? {}).join(', ')}`;
    default:
      return String(action.type);
  }
}

export function summarizeActions(actions = [], nameOf = (id) => id) {
  return actions.length === 0 ? 'nothing' : actions.map((a) => describeAction(a, nameOf)).join(' · ');
}

/** Every product a rule names (pins first, in position order), for thumbnails and names. */
export function productIdsOf(actions = []) {
  const ids = [];
  for (const a of actions) {
    if (a.type === 'pin') ids.push(...[...a.pins].sort((x, y) => x.position - y.position).map((p) => p.productId));
    if (a.type === 'hide') ids.push(...a.productIds);
    if (a.filter?.productIds) ids.push(...a.filter.productIds);
  }
  return [...new Set(ids)];
}

/** `tv ⇄ television ⇄ 电视` (each finds the others) or `laptop → notebook, ultrabook` (one way). */
export function describeSynonym(synonym) {
  if (synonym.type === 'multiway') return synonym.terms.join(' ⇄ ');
  return `${synonym.input} → ${synonym.synonyms.join(', ')}`;
}
