import fc from 'fast-check';
import { hostileNumber, hostileString } from './hostile';

/**
 * Plausible values from the JSON Schemas of /openapi.json, so that a hostile value placed in one field meets the code behind
 * the validation of all the others (a write that reaches Postgres, a search that reaches Elasticsearch). Ids come from the
 * seeded catalog wherever a field's name says what it refers to.
 */
export interface IdPools {
  products: string[];
  categories: string[];
  brands: string[];
  merchants: string[];
  customers: string[];
  sessions: string[];
  /** Path ids of the merchandising collections and keys, by the path segment before `{id}`. */
  byCollection: Record<string, string[]>;
}

type Schema = Record<string, any>;

const words = ['shoes', 'running shoes', 'phone', 'case', 'nimbus', 'red', 'skillet', '跑鞋', '红色', 'trail', 'wireless headphones'];
const attributeNames = ['colour', 'size', 'material', 'storage'];

/** The pool a field's name points at (`productIds`, `brandId`, `parentId`, the `category` query parameter…), if any. */
export function poolFor(name: string, pools: IdPools): string[] | null {
  const base = name.replace(/Ids?$|_id$/, '').toLowerCase();
  if (['product', 'exclude'].includes(base)) return pools.products;
  if (['category', 'parent', 'scope', 'categories'].includes(base)) return pools.categories;
  if (base === 'brand') return pools.brands;
  if (base === 'merchant') return pools.merchants;
  if (base === 'customer') return pools.customers;
  if (base === 'session') return pools.sessions;
  return null;
}

function resolve(schema: Schema, root: Schema): Schema {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/$defs/', '');
    return root.$defs?.[name] ?? {};
  }
  return schema;
}

/** A value the schema accepts (mostly: patterns and refinements the schema cannot express may still fail, as in life). */
export function schemaValue(schemaIn: Schema, root: Schema, name: string, pools: IdPools, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(schemaIn, root);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(options)) {
    const usable = depth > 3 ? options.filter((o: Schema) => !['object', 'array'].includes(resolve(o, root).type)) : options;
    return fc.oneof(...(usable.length > 0 ? usable : options).map((o: Schema) => schemaValue(o, root, name, pools, depth + 1)));
  }
  switch (schema.type) {
    case 'object':
      return objectValue(schema, root, pools, depth);
    case 'array': {
      const min = schema.minItems ?? 0;
      const max = Math.min(schema.maxItems ?? min + 3, min + 3);
      const itemName = name.replace(/s$/, '');
      return fc.array(schemaValue(schema.items ?? {}, root, itemName, pools, depth + 1), { minLength: min, maxLength: max });
    }
    case 'string':
      return stringValue(schema, name, pools);
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? 0, -1000),
        max: Math.min(schema.maximum ?? 1000, Math.max(schema.minimum ?? 0, -1000) + 1000),
      });
    case 'number': {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? 0;
      const max = schema.maximum ?? min + 1000;
      return fc.double({ min, max: Math.min(max, min + 1000), noNaN: true, noDefaultInfinity: true }).map((v) => Math.round(v * 100) / 100);
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      // z.json() and friends: any small JSON value.
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null));
  }
}

function objectValue(schema: Schema, root: Schema, pools: IdPools, depth: number): fc.Arbitrary<unknown> {
  const properties: Record<string, Schema> = schema.properties ?? {};
  const required = new Set<string>(schema.required ?? []);
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, property] of Object.entries(properties)) fields[key] = schemaValue(property, root, key, pools, depth + 1);
  const known = fc.record(fields, { requiredKeys: Object.keys(properties).filter((key) => required.has(key)) });
  if (typeof schema.additionalProperties !== 'object' || depth > 4) return known;
  // A record: keys its propertyNames allow (attribute names, category ids), values of its schema.
  const pattern: string | undefined = schema.propertyNames?.pattern;
  const keys =
    pattern === '^[A-Za-z0-9._:/-]+$'
      ? fc.constantFrom(...pools.categories)
      : pattern
        ? fc.oneof(
            fc.constantFrom(...attributeNames),
            fc.stringMatching(new RegExp(pattern)).map((k) => k.slice(0, 50)),
          )
        : fc.constantFrom(...attributeNames, 'note', 'badge');
  return fc
    .tuple(known, fc.dictionary(keys, schemaValue(schema.additionalProperties, root, 'value', pools, depth + 1), { maxKeys: 3 }))
    .map(([a, b]) => ({ ...b, ...(a as object) }));
}

function stringValue(schema: Schema, name: string, pools: IdPools): fc.Arbitrary<string> {
  const pool = poolFor(name, pools);
  if (pool !== null && pool.length > 0) return fc.constantFrom(...pool);
  if (schema.format === 'date-time' || /At$|^(from|to|at)$/.test(name))
    return fc
      .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString());
  if (/url$/i.test(name)) return fc.constantFrom('https://example.com/sale', '/sale', 'https://example.com/a.png');
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  if (typeof schema.pattern === 'string') {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .map((v) => v.slice(0, Math.min(max, 40)))
      .filter((v) => v.length >= min);
  }
  if (name === 'currency') return fc.constantFrom('USD', 'EUR', 'CNY');
  if (name === 'content') return importContent(pools);
  return fc.constantFrom(...words).map((w) => w.slice(0, max));
}

/**
 * An import file's text (POST /v1/merchandising/import): a small rules, synonyms or weights file, JSON or CSV, whose values
 * may be hostile. Inside the file, JSON escapes (\u0000, \ud800) decode to what the body's own checks never saw.
 */
function importContent(pools: IdPools): fc.Arbitrary<string> {
  const text = fc.oneof(fc.constantFrom(...words), hostileString({ maxLength: 40 }));
  const scope = fc.constantFrom('global', ...pools.categories);
  return fc.oneof(
    fc
      .tuple(text, text)
      .map(([name, value]) => JSON.stringify({ rules: [{ name, actions: [{ type: 'data', data: { [value]: value } }] }] })),
    fc.tuple(text, text).map(([a, b]) => JSON.stringify({ synonyms: [{ type: 'multiway', terms: [a, b] }] })),
    fc.tuple(scope, fc.oneof(hostileNumber, text)).map(([s, v]) => JSON.stringify({ weights: [{ scope: s, weights: { text: v } }] })),
    fc.tuple(scope, text).map(([s, v]) => `scope,text\r\n${s},${v}\r\n`),
  );
}
