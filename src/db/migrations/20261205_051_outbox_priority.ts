import type { Knex } from 'knex';

/**
 * Two lanes in the search outbox, so a background job never delays a
 * merchant's edit (#22: a training run queued 79k rows ahead of catalog
 * edits, whose commit-to-searchable lag reached 51 s at p99, and up to 3 min
 * behind the hourly signals). `priority` 0 is a catalog edit, 1 background
 * work (signals, recommendation models); the relay claims the lowest priority
 * first, then the lowest ids (indexers/outbox/claim.ts), so a catalog edit
 * waits at most for the batches already in flight.
 *
 * The trigger cannot tell who writes, so background jobs say so in their
 * transaction: `set_config('agora.outbox_lane', 'background', true)`
 * (indexers/outbox/lanes.ts), which lasts until that transaction ends. Any
 * other writer, and any session that never heard of lanes, writes priority 0.
 *
 * The never-claimed partial index (migration 047) becomes (priority, id), the
 * order claims read it in; built concurrently (product writes insert outbox
 * rows and must not wait for the build), so no transaction.
 */
export const config = { transaction: false };

const triggerFunction = (priorityExpression: string, columns: string) => `
  create or replace function products_to_outbox() returns trigger language plpgsql as $$
  begin
    if tg_op = 'DELETE' then
      insert into search_outbox (product_id, version, op${columns})
        values (old.id, nextval('product_version_seq'), 'delete'${priorityExpression});
      return old;
    end if;
    if tg_op = 'UPDATE' and new.version = old.version then
      return new;
    end if;
    insert into search_outbox (product_id, version, op${columns})
      values (new.id, new.version, case when new.status = 'deleted' then 'delete' else 'upsert' end${priorityExpression});
    return new;
  end $$;`;

const lanePriority = ", case current_setting('agora.outbox_lane', true) when 'background' then 1 else 0 end";

async function indexValidity(knex: Knex, name: string): Promise<boolean | undefined> {
  const { rows } = await knex.raw<{ rows: Array<{ valid: boolean }> }>(
    `select i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid
     where c.relname = ? and c.relnamespace = current_schema()::regnamespace`,
    [name],
  );
  return rows[0]?.valid;
}

async function buildIndex(knex: Knex, name: string, definition: string): Promise<void> {
  const valid = await indexValidity(knex, name);
  if (valid === true) return;
  // A concurrent build that failed or was cancelled leaves an invalid index under the name: drop it and build again.
  if (valid === false) await knex.raw(`drop index concurrently ${name}`);
  await knex.raw(`create index concurrently ${name} ${definition}`);
}

export async function up(knex: Knex): Promise<void> {
  // A constant default: no table rewrite, existing (delivered or pending) rows are catalog-lane rows.
  await knex.raw('alter table search_outbox add column if not exists priority smallint not null default 0');
  await knex.raw(triggerFunction(lanePriority, ', priority'));
  await buildIndex(
    knex,
    'search_outbox_unclaimed_by_priority',
    'on search_outbox (priority, id) where processed_at is null and claimed_until is null',
  );
  await knex.raw('drop index concurrently if exists search_outbox_unclaimed');
}

export async function down(knex: Knex): Promise<void> {
  await buildIndex(knex, 'search_outbox_unclaimed', 'on search_outbox (id) where processed_at is null and claimed_until is null');
  await knex.raw('drop index concurrently if exists search_outbox_unclaimed_by_priority');
  await knex.raw(triggerFunction('', ''));
  await knex.raw('alter table search_outbox drop column if exists priority');
}
