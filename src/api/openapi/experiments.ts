import { experimentInput, promoteInput } from '../../experiments/schemas';
import type { OpenApiOperation } from './operation';

/** /v1/merchandising/experiments: A/B tests of merchandising (issue 21); merchandiser or unscoped admin key. */
const role = 'merchandiser' as const;
const id = { name: 'id', in: 'path' as const, required: true, description: 'Numeric experiment id' };
const denied = {
  '401': 'No or unknown key',
  '403': 'Not a merchandiser or unscoped admin key (a merchant-scoped key has no merchandising)',
};
const unknown = { '404': 'Unknown experiment', '400': 'Malformed id' };

export const experimentOperations: Record<string, Record<string, OpenApiOperation>> = {
  '/v1/merchandising/experiments': {
    get: { summary: 'List experiments, newest first (at most 500)', role, responses: { '200': '{experiments}', ...denied } },
    post: {
      summary:
        "Create an experiment (status draft): 2–10 variants with a percent share each (summing to 100); the first is the control and serves the live merchandising, the others are drafts over it in the preview's terms (draftRules, removedRuleIds, draftWeights, draftSynonyms). Optional targeting (queries, categories, contexts), startsAt/endsAt, aa (every variant live: an A/A check), and the plan: primary metric, baseline rate and minimum detectable effect (relative), alpha 0.05 and power 0.8 by default, from which the shoppers needed per variant follow.",
      role,
      body: experimentInput,
      responses: {
        '201': 'The experiment',
        '400': 'Invalid input, split not summing to 100, unknown rule, product or category (the error names the field)',
        ...denied,
      },
    },
  },
  '/v1/merchandising/experiments/{id}': {
    get: { summary: 'One experiment', role, parameters: [id], responses: { '200': 'The experiment', ...unknown, ...denied } },
  },
  '/v1/merchandising/experiments/{id}/start': {
    post: {
      summary:
        'Start a draft experiment: within a second every API process assigns each targeted shopper (customer id, else session id) to a variant by SHA-256 of experiment id and shopper, serves its merchandising, and names `experiment: {id, variant}` in the search answer and the search log',
      role,
      parameters: [id],
      responses: { '200': 'The experiment, running', '409': 'Not a draft', ...unknown, ...denied },
    },
  },
  '/v1/merchandising/experiments/{id}/stop': {
    post: {
      summary: 'Stop a running experiment: everyone is served live merchandising again; results count up to now',
      role,
      parameters: [id],
      responses: { '200': 'The experiment, stopped', '409': 'Not running', ...unknown, ...denied },
    },
  },
  '/v1/merchandising/experiments/{id}/results': {
    get: {
      summary:
        "Per variant: shoppers, searches, click-through rate and revenue per search (delta-method intervals), add-to-cart and purchase conversion of shoppers (Wilson intervals), each against the control (two-proportion z-test for conversions, shoppers as units; Bonferroni over several treatments); a sample-ratio-mismatch chi-square test, the planned shoppers per variant, and a verdict that names no winner before every variant has them. Events count for a variant by the search request id they carry (`requestId` on /v1/events, the search answer's X-Request-Id) or by the shopper from their first exposure; revenue is the product's current price per purchase.",
      role,
      parameters: [id],
      responses: {
        '200': '{experiment, test, sampleSizePerVariant, sampleRatio, variants, verdict: {status, winner, message}}',
        ...unknown,
        ...denied,
      },
    },
  },
  '/v1/merchandising/experiments/{id}/promote': {
    post: {
      summary:
        "Publish a variant's drafts as live merchandising through the audited rule, synonym and weight writes (each change in their version history, so it can be rolled back); stops the experiment first if running. By default the verdict's winner; another variant, or one without a winner, needs `force`.",
      role,
      parameters: [id],
      body: promoteInput,
      responses: {
        '200': '{experiment, merchandisingVersion}',
        '409': 'No winner without force, the control, A/A, a draft or already promoted',
        ...unknown,
        ...denied,
      },
    },
  },
};
