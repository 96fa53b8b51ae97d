import type { Knex } from 'knex';

/**
 * Catalog, customers, orders, events and API keys: the system of record.
 * Catalog ids are text so that importers can keep the source's own identifiers
 * (SKUs, invoice numbers) and a re-run upserts instead of duplicating.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('merchants', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.text('status').notNullable().defaultTo('active');
    t.decimal('rating', 3, 2).nullable();
    t.timestamps(true, true);
    t.check("status in ('active','suspended','closed')", [], 'merchants_status_check');
    t.check('rating is null or (rating >= 0 and rating <= 5)', [], 'merchants_rating_check');
  });

  await knex.schema.createTable('categories', (t) => {
    t.text('id').primary();
    t.text('parent_id').nullable().references('categories.id').onDelete('RESTRICT');
    t.text('name_en').notNullable();
    t.text('name_zh').nullable();
    // Ancestor ids from the root down to this category itself, kept by a trigger.
    t.specificType('path', 'text[]').notNullable().defaultTo('{}');
    t.integer('depth').notNullable().defaultTo(0);
    // Attribute keys worth showing as facets on this category's pages.
    t.specificType('facet_attributes', 'text[]').notNullable().defaultTo('{}');
    t.timestamps(true, true);
    t.index(['parent_id']);
  });
  await knex.raw('create index categories_path_gin on categories using gin (path)');
  await knex.raw(`
    create function categories_set_path() returns trigger language plpgsql as $$
    declare parent_path text[];
    begin
      if new.parent_id is null then
        new.path := array[new.id];
      else
        select path into parent_path from categories where id = new.parent_id;
        if parent_path is null then
          raise exception 'category % has unknown parent %', new.id, new.parent_id;
        end if;
        if new.id = any(parent_path) then
          raise exception 'category % cannot be its own ancestor', new.id;
        end if;
        new.path := parent_path || new.id;
      end if;
      new.depth := array_length(new.path, 1) - 1;
      return new;
    end $$;
    create trigger categories_set_path before insert or update of parent_id on categories
      for each row execute function categories_set_path();
    -- A moved category drags its subtree along: touching the children's parent_id
    -- re-runs the path trigger on each of them, recursively.
    create function categories_cascade_path() returns trigger language plpgsql as $$
    begin
      if new.path is distinct from old.path then
        update categories set parent_id = parent_id where parent_id = new.id;
      end if;
      return null;
    end $$;
    create trigger categories_cascade_path after update of parent_id on categories
      for each row execute function categories_cascade_path();
  `);

  await knex.schema.createTable('brands', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.timestamps(true, true);
  });

  // One global sequence gives product versions: monotonic across updates and
  // across delete-then-recreate, so Elasticsearch's external versioning can
  // always tell the newer document from the older.
  await knex.raw('create sequence product_version_seq');

  await knex.schema.createTable('products', (t) => {
    t.text('id').primary();
    t.text('merchant_id').notNullable().references('merchants.id');
    t.text('category_id').notNullable().references('categories.id');
    t.text('brand_id').nullable().references('brands.id');
    t.text('title_en').nullable();
    t.text('title_zh').nullable();
    t.text('description_en').nullable();
    t.text('description_zh').nullable();
    // {"colour": "red", "size": ["S","M"]}: facetable key/value pairs.
    t.jsonb('attributes').notNullable().defaultTo('{}');
    t.decimal('price', 12, 2).notNullable();
    t.specificType('currency', 'char(3)').notNullable().defaultTo('USD');
    t.integer('stock').notNullable().defaultTo(0);
    t.text('status').notNullable().defaultTo('active');
    t.text('image_url').nullable();
    t.decimal('rating', 3, 2).nullable();
    t.integer('review_count').notNullable().defaultTo(0);
    t.bigInteger('version').notNullable().defaultTo(knex.raw("nextval('product_version_seq')"));
    t.timestamps(true, true);
    t.check("status in ('active','hidden','deleted')", [], 'products_status_check');
    t.check('title_en is not null or title_zh is not null', [], 'products_title_check');
    t.check('price >= 0', [], 'products_price_check');
    t.check('stock >= 0', [], 'products_stock_check');
    t.index(['merchant_id']);
    t.index(['category_id']);
    t.index(['brand_id']);
    t.index(['updated_at']);
  });

  await knex.schema.createTable('customers', (t) => {
    t.text('id').primary();
    t.text('name').nullable();
    t.text('email').nullable();
    t.text('country').nullable();
    t.timestamps(true, true);
  });

  await knex.schema.createTable('orders', (t) => {
    t.text('id').primary();
    t.text('customer_id').nullable().references('customers.id');
    t.timestamp('placed_at', { useTz: true }).notNullable();
    t.text('status').notNullable().defaultTo('placed');
    t.specificType('currency', 'char(3)').notNullable().defaultTo('USD');
    t.decimal('total', 14, 2).notNullable().defaultTo(0);
    t.text('source').notNullable().defaultTo('api');
    t.timestamps(true, true);
    t.check("status in ('placed','paid','shipped','delivered','cancelled','returned')", [], 'orders_status_check');
    t.index(['customer_id', 'placed_at']);
    t.index(['placed_at']);
  });

  await knex.schema.createTable('order_items', (t) => {
    t.text('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.integer('line_no').notNullable();
    t.text('product_id').notNullable().references('products.id');
    t.integer('quantity').notNullable();
    t.decimal('unit_price', 12, 2).notNullable();
    t.primary(['order_id', 'line_no']);
    t.check('quantity > 0', [], 'order_items_quantity_check');
    t.index(['product_id']);
  });

  await knex.schema.createTable('events', (t) => {
    t.bigIncrements('id');
    t.text('type').notNullable();
    t.text('customer_id').nullable();
    t.text('session_id').nullable();
    t.text('product_id').nullable();
    t.text('query').nullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("type in ('view','click','add_to_cart','purchase','search_click')", [], 'events_type_check');
    t.check('customer_id is not null or session_id is not null', [], 'events_actor_check');
    t.index(['product_id', 'occurred_at']);
    t.index(['customer_id', 'occurred_at']);
    t.index(['session_id', 'occurred_at']);
  });
  await knex.raw('create index events_occurred_at_brin on events using brin (occurred_at)');

  await knex.schema.createTable('api_keys', (t) => {
    t.bigIncrements('id');
    // The first characters of the key, shown to admins to tell keys apart.
    t.text('prefix').notNullable();
    // sha256 of the whole key; the key itself is never stored.
    t.text('hash').notNullable().unique();
    t.text('role').notNullable();
    t.text('merchant_id').nullable().references('merchants.id');
    t.text('label').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.check("role in ('public','merchandiser','admin')", [], 'api_keys_role_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['api_keys', 'events', 'order_items', 'orders', 'customers', 'products', 'brands', 'categories', 'merchants']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('drop sequence if exists product_version_seq');
  await knex.raw('drop function if exists categories_set_path() cascade');
  await knex.raw('drop function if exists categories_cascade_path() cascade');
}
