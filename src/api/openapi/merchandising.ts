import { importInput, previewInput, ruleInput, ruleUpdateInput, synonymInput, weightsInput } from '../../merchandising/schemas';
import { suggestionInput } from '../../merchandising/suggestions-repository';
import type { OpenApiOperation } from './operation';

/** /v1/merchandising: every operation needs a merchandiser (or admin) key; storefront keys get 403. */
const role = 'merchandiser' as const;
const id = { name: 'id', in: 'path' as const, required: true, description: 'Numeric id' };
const categoryId = { name: 'id', in: 'path' as const, required: true, description: 'Category id' };
const query = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
  name,
  in: 'query' as const,
  description,
  schema,
});
const period = [
  query('from', 'Start of the period (ISO 8601, inclusive); default: 7 days before `to`.', { type: 'string', format: 'date-time' }),
  query('to', 'End of the period (exclusive); default: now.', { type: 'string', format: 'date-time' }),
  query(
    'context',
    "Only searches made in this storefront context (the search request's `context` tag, as rules' context conditions match it) and the search clicks whose `requestId` names one of them; default: all",
    { type: 'string', pattern: '^[a-z0-9_:-]{1,64}$' },
  ),
  query('limit', 'Queries to return (1-500).', { type: 'integer', minimum: 1, maximum: 500, default: 50 }),
];
const denied = {
  '401': 'No or unknown key',
  '403': 'Not a merchandiser or unscoped admin key (a merchant-scoped key has no merchandising)',
};
const write = {
  '400': 'Invalid input, unknown product or category, empty or inverted time window, weight out of range (the error names the field)',
  ...denied,
};

export const merchandisingOperations: Record<string, Record<string, OpenApiOperation>> = {
  '/v1/merchandising/rules': {
    get: {
      summary: 'List ranking rules',
      role,
      parameters: [
        query('limit', 'Rules per page (1-500)', { type: 'integer', default: 100 }),
        query('offset', 'Rules to skip', { type: 'integer', default: 0 }),
      ],
      responses: { '200': '{rules, total}', ...denied },
    },
    post: {
      summary:
        "Create a ranking rule: conditions (query is/starts_with/contains, category page, contexts, time window, `noResults: true`: only when all the words, as typed or rewritten, find no product, before the search's own correction and relaxation) and actions (pin, hide, boost, bury, filter, rewrite, redirect, banner, data). Conflicts resolve by priority, then specificity (query is > starts_with > contains > none; deeper category; context), then id.",
      role,
      body: ruleInput,
      responses: { '201': 'The rule, version 1', ...write },
    },
  },
  '/v1/merchandising/rules/{id}': {
    get: { summary: 'One rule', role, parameters: [id], responses: { '200': 'The rule', '404': 'Unknown rule', ...denied } },
    put: {
      summary: 'Replace a rule; send `version` to refuse overwriting a newer change (409)',
      role,
      body: ruleUpdateInput,
      parameters: [id],
      responses: { '200': 'The rule, next version', '404': 'Unknown rule', '409': 'Stale version', ...write },
    },
    delete: {
      summary: 'Delete a rule (the audit trail keeps it)',
      role,
      parameters: [id],
      responses: { '204': 'Deleted', '404': 'Unknown rule', ...denied },
    },
  },
  '/v1/merchandising/rules/{id}/versions': {
    get: {
      summary: "A rule's audit trail, newest first: who (key, X-Actor), when, before and after",
      role,
      parameters: [id],
      responses: { '200': '{versions}', ...denied },
    },
  },
  '/v1/merchandising/synonyms': {
    get: { summary: 'List synonyms', role, responses: { '200': '{synonyms}', ...denied } },
    post: {
      summary: 'Add a multi-way or one-way synonym (English or Chinese, multi-word); applies to the next search, no reindex',
      role,
      body: synonymInput,
      responses: { '201': 'The synonym', ...write },
    },
  },
  '/v1/merchandising/synonyms/{id}': {
    put: {
      summary: 'Replace a synonym',
      role,
      body: synonymInput,
      parameters: [id],
      responses: { '200': 'The synonym', '404': 'Unknown synonym', ...write },
    },
    delete: { summary: 'Delete a synonym', role, parameters: [id], responses: { '204': 'Deleted', '404': 'Unknown synonym', ...denied } },
  },
  '/v1/merchandising/synonyms/{id}/versions': {
    get: { summary: "A synonym's audit trail", role, parameters: [id], responses: { '200': '{versions}', ...denied } },
  },
  '/v1/merchandising/suggestions': {
    get: {
      summary: 'Bans and additions of as-you-type query suggestions (GET /v1/suggest `queries`)',
      role,
      responses: { '200': '{bans, additions}', ...denied },
    },
    post: {
      summary:
        'Ban a query suggestion (`match: exact`, or `contains`: every suggestion with these words) or add one shoppers have not earned yet (`weight`: rank as if that many distinct shoppers searched it; omitted: above every popular query). Texts are normalised like queries; an addition must pass the same check popular queries do. Applies to the next suggest request; a ban wins over an addition',
      role,
      body: suggestionInput,
      responses: { '201': 'The ban or addition, version 1', '409': 'The same ban or addition exists', ...write },
    },
  },
  '/v1/merchandising/suggestions/{id}': {
    put: {
      summary: 'Replace a ban or addition',
      role,
      body: suggestionInput,
      parameters: [id],
      responses: { '200': 'The ban or addition, next version', '404': 'Unknown id', '409': 'The same ban or addition exists', ...write },
    },
    delete: {
      summary: 'Lift a ban or remove an addition (the audit trail keeps it)',
      role,
      parameters: [id],
      responses: { '204': 'Deleted', '404': 'Unknown id', ...denied },
    },
  },
  '/v1/merchandising/suggestions/{id}/versions': {
    get: { summary: "A ban's or addition's audit trail", role, parameters: [id], responses: { '200': '{versions}', ...denied } },
  },
  '/v1/merchandising/weights': {
    get: {
      summary: 'Ranking weights: defaults, global overrides, per-category overrides',
      role,
      responses: { '200': '{defaults, global, categories}', ...denied },
    },
  },
  '/v1/merchandising/weights/effective': {
    get: {
      summary: 'The weights a page ranks with, and the scopes they come from',
      role,
      parameters: [query('category', 'Category id; without it, the global weights')],
      responses: { '200': '{weights, sources}', '404': 'Unknown category', ...denied },
    },
  },
  '/v1/merchandising/weights/versions': {
    get: {
      summary: "A scope's audit trail",
      role,
      parameters: [query('scope', 'global or a category id', { type: 'string', default: 'global' })],
      responses: { '200': '{versions}', ...denied },
    },
  },
  '/v1/merchandising/weights/global': {
    put: {
      summary: 'Set global weights (text 0.1-10, others 0-10); unset ones use the defaults. Every API process applies them within a second',
      role,
      body: weightsInput,
      responses: { '200': '{scope, weights}', ...write },
    },
    delete: { summary: 'Back to the default weights', role, responses: { '204': 'Reset', '404': 'No global weights set', ...denied } },
  },
  '/v1/merchandising/weights/categories/{id}': {
    put: {
      summary: "Set a category's weights; its descendants inherit them",
      role,
      body: weightsInput,
      parameters: [categoryId],
      responses: { '200': '{scope, weights}', '404': 'Unknown category', ...write },
    },
    delete: {
      summary: "Remove a category's weights",
      role,
      parameters: [categoryId],
      responses: { '204': 'Removed', '404': 'None set', ...denied },
    },
  },
  '/v1/merchandising/preview': {
    post: {
      summary:
        'Live and draft results side by side for a query or category with draft rules, weights and synonyms: position changes, fired rules with reasons, score components per hit',
      role,
      body: previewInput,
      responses: {
        '200':
          '{live, draft, removed, warnings}; each side has `hits` and, after a short first page, the `partialMatches` shoppers see (positions following the hits)',
        ...write,
        '503': 'SEARCH_UNAVAILABLE',
      },
    },
  },
  '/v1/merchandising/changes': {
    get: {
      summary:
        'The history of rules, synonyms, weights and suggestion controls (bans, additions), newest first: who, when, the whole before and after',
      role,
      parameters: [
        query('entity', 'rule, synonym, weights or suggestion'),
        query('entity_id', 'Only this rule, synonym, suggestion control or weights scope'),
        query('limit', 'Changes to return (1-500)', { type: 'integer', default: 100 }),
        query('before', 'Changes older than this change id (the next page)'),
      ],
      responses: { '200': '{changes}', '400': 'Invalid filter', ...denied },
    },
  },
  '/v1/merchandising/changes/{id}/restore': {
    post: {
      summary:
        'Restore the version a change produced (for a deletion, the version deleted) of a rule, synonym, suggestion control or weights scope, as a new audited change; a deleted rule, synonym or suggestion control comes back under its old id, its version going on from its history',
      role,
      parameters: [id],
      responses: {
        '200': '{entity, entityId, stateVersion, recreated}',
        '404': 'Unknown change',
        '409': 'Nothing to restore (weights already the defaults), or the restored suggestion control would repeat another',
        ...write,
      },
    },
  },
  '/v1/merchandising/export': {
    get: {
      summary:
        'Every rule, synonym or ranking-weights scope as JSON ({rules}, {synonyms} or {weights}: [{scope, weights}]) or CSV (rules: name, enabled, priority, conditions and actions as JSON, tags; synonyms: type, terms, input, synonyms with | between items, weight; weights: scope (global or a category id) and a column per weight, empty where the scope does not set it)',
      role,
      parameters: [
        { ...query('kind', 'rules, synonyms or weights', { type: 'string', enum: ['rules', 'synonyms', 'weights'] }), required: true },
        query('format', 'json or csv', { type: 'string', enum: ['json', 'csv'], default: 'json' }),
      ],
      responses: { '200': 'The file', '400': 'Invalid kind or format', ...denied },
    },
  },
  '/v1/merchandising/import': {
    post: {
      summary:
        "Import rules, synonyms or ranking weights from the JSON or CSV the export writes: {kind, format, content, dryRun}. Rules are matched by name, synonyms by their terms or input, weights by scope (an item replaces that scope's overrides, none: back to inheriting; scopes not in the file keep theirs); the answer lists each item as create, update, unchanged or conflict (with the message and field), weights with `changes` [{weight, before, after}] (null: not set by the scope). dryRun (the default) writes nothing; otherwise nothing is written unless no item conflicts, and each write is audited",
      role,
      body: importInput,
      responses: { '200': '{dryRun, kind, items, summary}', '409': 'Conflicts: nothing imported', ...write },
    },
  },
  '/v1/merchandising/products': {
    get: {
      summary:
        'Products as the console names them (ids: title, image, price, stock, status and merchant, hidden products and closed merchants included, in the order asked) or finds them (q: storefront tiles from the search under the live rules, not logged as a shopper search)',
      role,
      parameters: [
        query('ids', 'Comma-separated product ids (1-100); or q'),
        query('q', 'Part of a product name; or ids'),
        query('size', 'Products found for q (1-20)', { type: 'integer', default: 8 }),
      ],
      responses: { '200': '{products}', '400': 'Neither or both of ids and q, too many ids', ...denied },
    },
  },
  '/v1/merchandising/analytics/overview': {
    get: {
      summary:
        "Headline figures (searches, shoppers, no-result rate, click-through, add-to-cart and purchase rates of searching shoppers), searches, no-result searches and clicks per day, and search clicks by the clicked result's position (`clickPositions`: 1 to 10 each, 11-20, 21+, each with its clicks and click-through per search; `clicksWithoutPosition` for events that gave none); noise (attack strings, over-long or wordless queries) left out and counted apart. `contexts` lists the storefront contexts searched in the period (the 100 most searched), for choosing one",
      role,
      parameters: [
        period[0]!,
        period[1]!,
        period[2]!,
        query('time_zone', 'IANA time zone the days are counted in', { type: 'string', default: 'UTC' }),
      ],
      responses: {
        '200': '{from, to, context, contexts, timeZone, searches, …, days, clickPositions, clicksWithoutPosition}',
        '400': 'Invalid period, context or time zone',
        ...denied,
      },
    },
  },
  '/v1/merchandising/analytics/top-queries': {
    get: {
      summary: 'Most searched queries with shoppers, zero-result searches, clicks and CTR',
      role,
      parameters: period,
      responses: { '200': '{from, to, queries}', '400': 'Invalid period', ...denied },
    },
  },
  '/v1/merchandising/analytics/zero-results': {
    get: {
      summary: 'Queries that found nothing (redirects excluded)',
      role,
      parameters: [
        ...period,
        query('min_shoppers', 'Leave out queries fewer distinct shoppers searched (one-off junk); default 1: none left out', {
          type: 'integer',
          default: 1,
        }),
      ],
      responses: { '200': '{from, to, queries}', '400': 'Invalid period', ...denied },
    },
  },
  '/v1/merchandising/analytics/low-ctr': {
    get: {
      summary: 'Frequent queries with results but low click-through (search_click events per search)',
      role,
      parameters: [
        ...period,
        query('min_searches', 'Least searches to be listed', { type: 'integer', default: 5 }),
        query('max_ctr', 'Listed below this click-through (0-1)', { type: 'number', default: 0.1 }),
      ],
      responses: { '200': '{from, to, queries}', '400': 'Invalid parameter', ...denied },
    },
  },
};
