import type { Knex } from 'knex';

/**
 * API keys that expire, say when they were last used, and a fourth role.
 *
 * - `expires_at`: an optional end; past it the key is refused like a revoked one.
 * - `last_used_at`: when a request last authenticated with the key (or, for a
 *   signing key, with a customer key it signed), written at most about once a
 *   minute per key and process, so it costs nothing on the request path.
 * - role `signing`: a key the storefront's server keeps to sign short-lived
 *   customer keys; it is never accepted as a bearer itself.
 * - an index on `prefix`: a customer key names its signing key by prefix, and
 *   the API finds the candidates by it.
 *
 * Both columns are nullable without a default, so adding them does not
 * rewrite the table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('api_keys', (t) => {
    t.timestamp('expires_at', { useTz: true }).nullable();
    t.timestamp('last_used_at', { useTz: true }).nullable();
    t.index(['prefix'], 'api_keys_prefix_idx');
  });
  await knex.raw('alter table api_keys drop constraint api_keys_role_check');
  await knex.raw("alter table api_keys add constraint api_keys_role_check check (role in ('public','signing','merchandiser','admin'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex('api_keys').where({ role: 'signing' }).update({ revoked_at: knex.fn.now(), role: 'public' });
  await knex.raw('alter table api_keys drop constraint api_keys_role_check');
  await knex.raw("alter table api_keys add constraint api_keys_role_check check (role in ('public','merchandiser','admin'))");
  await knex.schema.alterTable('api_keys', (t) => {
    t.dropIndex(['prefix'], 'api_keys_prefix_idx');
    t.dropColumn('last_used_at');
    t.dropColumn('expires_at');
  });
}
