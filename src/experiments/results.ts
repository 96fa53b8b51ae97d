import type { Knex } from 'knex';
import { analyzeExperiment, type ExperimentAnalysis } from '../../ranking/experiments/analysis';
import { totalsByVariant, type ShopperTotals } from '../../ranking/experiments/statistics';
import type { Experiment } from './repository';

/**
 * Each exposed shopper's totals, by one query over the search log and events.
 * A shopper (customer, else session: the unit the assignment hashed) is exposed
 * from the first search the experiment served them. An event counts for them
 * when it carries the request id of one of their experiment searches, or, with
 * no request id, when it names the shopper (customer or session) and happened
 * from that first exposure until the experiment stopped. Revenue is the
 * product's current price per purchase event (events carry no price).
 */
export async function shopperTotals(db: Knex, experiment: Experiment, until: Date): Promise<ShopperTotals[]> {
  const { rows } = (await db.raw(
    `with exposed as (
       select coalesce(customer_id, session_id) as unit, min(experiment_variant) as variant,
              count(*)::int as searches, min(created_at) as first_seen
         from search_log
        where experiment_id = :id and coalesce(customer_id, session_id) is not null
        group by 1
     ),
     requests as (
       select distinct request_id, coalesce(customer_id, session_id) as unit
         from search_log
        where experiment_id = :id and request_id is not null and coalesce(customer_id, session_id) is not null
     ),
     attributed as (
       select r.unit, e.type, e.product_id
         from events e join requests r on r.request_id = e.request_id
        where e.request_id is not null and e.occurred_at <= :until
       union all
       select x.unit, e.type, e.product_id
         from exposed x join events e on e.customer_id = x.unit
        where e.request_id is null and e.occurred_at >= x.first_seen and e.occurred_at <= :until
       union all
       select x.unit, e.type, e.product_id
         from exposed x join events e on e.session_id = x.unit
        where e.request_id is null and e.customer_id is distinct from x.unit
          and e.occurred_at >= x.first_seen and e.occurred_at <= :until
     )
     select x.unit, x.variant, x.searches,
            count(a.type) filter (where a.type in ('click', 'search_click'))::int as clicks,
            coalesce(bool_or(a.type = 'add_to_cart'), false) as carted,
            coalesce(bool_or(a.type = 'purchase'), false) as purchased,
            coalesce(sum(p.price) filter (where a.type = 'purchase'), 0)::float8 as revenue
       from exposed x
       left join attributed a on a.unit = x.unit
       left join products p on p.id = a.product_id and a.type = 'purchase'
      group by x.unit, x.variant, x.searches`,
    { id: experiment.id, until },
  )) as {
    rows: Array<{ unit: string; variant: string; searches: number; clicks: number; carted: boolean; purchased: boolean; revenue: number }>;
  };
  const index = new Map(experiment.variants.map((v, i) => [v.name, i]));
  return rows.map((r) => ({
    variant: index.get(r.variant) ?? -1,
    searches: r.searches,
    clicks: r.clicks,
    carted: r.carted,
    purchased: r.purchased,
    revenue: r.revenue,
  }));
}

export interface ExperimentResults extends ExperimentAnalysis {
  experiment: { id: string; name: string; status: Experiment['status']; aa: boolean; promotedVariant: string | null };
  /** The period counted. */
  from: string | null;
  until: string;
}

export async function experimentResults(db: Knex, experiment: Experiment, now: Date): Promise<ExperimentResults> {
  const until = experiment.stoppedAt === null ? now : new Date(experiment.stoppedAt);
  const totals = totalsByVariant(await shopperTotals(db, experiment, until), experiment.variants.length);
  const analysis = analyzeExperiment(
    {
      variants: experiment.variants.map((v) => v.name),
      split: experiment.variants.map((v) => v.share),
      aa: experiment.aa,
      ...experiment.plan,
    },
    totals,
  );
  return {
    experiment: {
      id: experiment.id,
      name: experiment.name,
      status: experiment.status,
      aa: experiment.aa,
      promotedVariant: experiment.promotedVariant,
    },
    from: experiment.startedAt,
    until: until.toISOString(),
    ...analysis,
  };
}
