import type { Knex } from 'knex';

/**
 * Suggestions are earned: a popular query is offered only once enough
 * distinct sessions or customers searched it within a window and found
 * products, and merchandisers can ban or add suggestions.
 *
 * Distinct searchers are counted exactly with one small row per (query,
 * searcher), holding the last time that searcher's search of it found
 * something. The refresh job upserts the rows of the log lines it has not read
 * yet and deletes rows older than the window (an index on the time makes that
 * a range delete), so each run costs what arrived and what expired, never a
 * scan of the whole log; the table is bounded by the distinct pairs of one
 * window. An approximate sketch (HyperLogLog) would be smaller but cannot
 * expire old searchers or count small numbers exactly, and small numbers
 * (is it 2 or 3?) are the whole decision here.
 *
 * The searcher is md5('c:' || customer id) or md5('s:' || session id): a
 * fixed 16 bytes whatever the id's length. Searches with neither are not
 * attributable and count towards no one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('popular_query_searchers', (t) => {
    t.text('normalized_query').notNullable();
    t.uuid('searcher').notNullable();
    t.timestamp('last_searched_at', { useTz: true }).notNullable();
    t.primary(['normalized_query', 'searcher']);
    t.index(['last_searched_at'], 'popular_query_searchers_last_searched_at');
  });

  // Every existing row starts with no searchers, so nothing counted by the old rule (one search by anyone) is offered.
  await knex.schema.alterTable('popular_queries', (t) => {
    t.integer('searchers').notNullable().defaultTo(0);
    t.index(['last_searched_at'], 'popular_queries_last_searched_at');
  });

  // Searchers of the last 30 days the old job had already folded in, so queries shoppers really share stay offered
  // after the upgrade; the job reads the log from where it stopped, and prunes by the configured window.
  await knex.raw(
    `insert into popular_query_searchers (normalized_query, searcher, last_searched_at)
     select l.normalized_query,
            md5(case when l.customer_id is not null then 'c:' || l.customer_id else 's:' || l.session_id end)::uuid,
            max(l.created_at)
       from search_log l
      where l.created_at >= now() - interval '30 days'
        and l.id <= (select last_search_log_id from popular_queries_state where id = 1)
        and l.result_count > 0
        and (l.customer_id is not null or l.session_id is not null)
        and l.normalized_query in (select normalized_query from popular_queries)
      group by 1, 2`,
  );
  await knex.raw(
    `update popular_queries p
        set searchers = c.n
       from (select normalized_query, count(*)::int as n from popular_query_searchers group by 1) c
      where c.normalized_query = p.normalized_query`,
  );

  // Merchandisers' bans and additions. `pattern` is what a suggestion, padded with a space on each side, is
  // compared with by LIKE: ' text ' for an exact ban or an addition, '% text %' for a ban on a word or phrase
  // anywhere, '%text%' for one in a script written without spaces (Chinese); the repository builds it.
  await knex.schema.createTable('suggestion_overrides', (t) => {
    t.bigIncrements('id');
    t.text('action').notNullable();
    t.text('text').notNullable();
    t.text('match').notNullable().defaultTo('exact');
    t.text('pattern').notNullable();
    t.integer('weight').nullable();
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("action in ('ban','add')", [], 'suggestion_overrides_action_check');
    t.check("match in ('exact','contains')", [], 'suggestion_overrides_match_check');
    t.check("action = 'ban' or (match = 'exact')", [], 'suggestion_overrides_add_exact_check');
    t.unique(['action', 'text', 'match'], { indexName: 'suggestion_overrides_unique' });
  });
  await knex.raw("create index suggestion_overrides_added_prefix on suggestion_overrides (text text_pattern_ops) where action = 'add'");

  await knex.raw('alter table merchandising_changes drop constraint merchandising_changes_entity_check');
  await knex.raw(
    "alter table merchandising_changes add constraint merchandising_changes_entity_check check (entity in ('rule','synonym','weights','suggestion'))",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex('merchandising_changes').where({ entity: 'suggestion' }).delete();
  await knex.raw('alter table merchandising_changes drop constraint merchandising_changes_entity_check');
  await knex.raw(
    "alter table merchandising_changes add constraint merchandising_changes_entity_check check (entity in ('rule','synonym','weights'))",
  );
  await knex.schema.dropTableIfExists('suggestion_overrides');
  await knex.schema.alterTable('popular_queries', (t) => {
    t.dropIndex(['last_searched_at'], 'popular_queries_last_searched_at');
    t.dropColumn('searchers');
  });
  await knex.schema.dropTableIfExists('popular_query_searchers');
}
