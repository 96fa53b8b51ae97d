import type { Knex } from 'knex';

/**
 * Transactional outbox for the search index. Triggers write a row in the same
 * transaction as any change that alters a product's search document, so a
 * committed change can never be missed and a rolled-back one never leaks.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('search_outbox', (t) => {
    t.bigIncrements('id');
    t.text('product_id').notNullable();
    // The product version the change produced (for deletes: the tombstone's).
    t.bigInteger('version').notNullable();
    t.text('op').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Rows are kept for a while after delivery so that a full reindex can
    // replay everything committed since it started.
    t.timestamp('processed_at', { useTz: true }).nullable();
    t.check("op in ('upsert','delete')", [], 'search_outbox_op_check');
  });
  await knex.raw('create index search_outbox_pending on search_outbox (id) where processed_at is null');
  await knex.raw('create index search_outbox_processed_at on search_outbox (processed_at) where processed_at is not null');

  await knex.raw(`
    create function products_bump_version() returns trigger language plpgsql as $$
    begin
      if new is distinct from old then
        new.version := nextval('product_version_seq');
        new.updated_at := now();
      end if;
      return new;
    end $$;
    create trigger products_bump_version before update on products
      for each row execute function products_bump_version();

    create function products_to_outbox() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        insert into search_outbox (product_id, version, op)
          values (old.id, nextval('product_version_seq'), 'delete');
        return old;
      end if;
      if tg_op = 'UPDATE' and new.version = old.version then
        return new;
      end if;
      insert into search_outbox (product_id, version, op)
        values (new.id, new.version, case when new.status = 'deleted' then 'delete' else 'upsert' end);
      return new;
    end $$;
    create trigger products_to_outbox after insert or update or delete on products
      for each row execute function products_to_outbox();

    -- Names of merchants, brands and categories are copied into product documents:
    -- touching the products bumps their versions, and their own trigger does the rest.
    create function merchants_touch_products() returns trigger language plpgsql as $$
    begin
      if (new.name, new.status, new.rating) is distinct from (old.name, old.status, old.rating) then
        update products set updated_at = now() where merchant_id = new.id;
      end if;
      return null;
    end $$;
    create trigger merchants_touch_products after update on merchants
      for each row execute function merchants_touch_products();

    create function brands_touch_products() returns trigger language plpgsql as $$
    begin
      if new.name is distinct from old.name then
        update products set updated_at = now() where brand_id = new.id;
      end if;
      return null;
    end $$;
    create trigger brands_touch_products after update on brands
      for each row execute function brands_touch_products();

    -- A category's names and path appear in the documents of every product below it.
    create function categories_touch_products() returns trigger language plpgsql as $$
    begin
      if (new.name_en, new.name_zh, new.path) is distinct from (old.name_en, old.name_zh, old.path) then
        update products set updated_at = now()
          where category_id in (select id from categories where path @> array[new.id]);
      end if;
      return null;
    end $$;
    create trigger categories_touch_products after update on categories
      for each row execute function categories_touch_products();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop trigger if exists categories_touch_products on categories;
    drop trigger if exists brands_touch_products on brands;
    drop trigger if exists merchants_touch_products on merchants;
    drop trigger if exists products_to_outbox on products;
    drop trigger if exists products_bump_version on products;
    drop function if exists categories_touch_products();
    drop function if exists brands_touch_products();
    drop function if exists merchants_touch_products();
    drop function if exists products_to_outbox();
    drop function if exists products_bump_version();
  `);
  await knex.schema.dropTableIfExists('search_outbox');
}
