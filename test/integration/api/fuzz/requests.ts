import zlib from 'node:zlib';
import fc from 'fast-check';
import {
  cloneValue,
  DeepMarker,
  encodeWire,
  forgedCursor,
  hostileJson,
  hostileNumber,
  hostileString,
  hostileWireValue,
  serialiseBody,
  variantOf,
  type WireValue,
} from './hostile';
import { poolFor, schemaValue, type IdPools } from './schema-values';
import type { RawResponse } from '../../../support/raw-http';

type Schema = Record<string, any>;

/** One operation of /openapi.json. */
export interface Operation {
  method: string;
  path: string;
  role: string | null;
  parameters: Array<{ name: string; in: 'path' | 'query'; schema: Schema }>;
  body: Schema | null;
}

export function operationsOf(document: { paths: Record<string, Record<string, any>> }): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      role: op['x-agora-role'] ?? null,
      parameters: op.parameters ?? [],
      body: op.requestBody?.content?.['application/json']?.schema ?? null,
    })),
  );
}

/** A request ready to send, and how to show it when it fails. */
export interface FuzzCase {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  shown: string;
}

export interface FuzzContext {
  pools: IdPools;
  /** A key per role, as /openapi.json names them. */
  keys: Record<string, string>;
}

/**
 * One change to a plausible body, so that a bad field meets an otherwise valid request and the code behind its validation:
 * replace a node with any hostile value, or a leaf with a hostile value of its kind (a number for a number) or a hostile twin
 * of itself (variantOf: the id with a NUL, the count past int4); delete a node; add a key beside it.
 */
type Mutation = {
  pick: number;
  kind: 'replace' | 'same-kind' | 'variant' | 'delete' | 'add';
  value: unknown;
  number: number;
  text: string;
  key: string;
};

const mutation = (): fc.Arbitrary<Mutation> =>
  fc.record({
    pick: fc.nat(),
    kind: fc.constantFrom('replace', 'same-kind', 'variant', 'variant', 'delete', 'add'),
    value: hostileJson(),
    number: hostileNumber,
    text: hostileString(),
    key: fc.oneof(hostileString({ maxLength: 60 }), fc.constantFrom('extra', '__proto__', 'constructor')),
  });

function replacement(m: Mutation, current: unknown): unknown {
  if (m.kind === 'variant') return variantOf(current, Math.floor(m.pick / 7));
  if (m.kind === 'same-kind' && typeof current === 'number') return m.number;
  if (m.kind === 'same-kind' && typeof current === 'string') return m.text;
  return cloneValue(m.value);
}

type Path = Array<string | number>;

/** Every node of a JSON value by its path (the root included), and the leaves alone. */
function pathsOf(value: unknown, at: Path = [], out: { all: Path[]; leaves: Path[] } = { all: [], leaves: [] }) {
  out.all.push(at);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...at, i], out));
  else if (typeof value === 'object' && value !== null && !(value instanceof DeepMarker))
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out);
  else out.leaves.push(at);
  return out;
}

function applyMutations(base: unknown, mutations: Mutation[]): unknown {
  const isObject = (node: unknown): node is Record<string, unknown> => typeof node === 'object' && node !== null && !Array.isArray(node);
  let root: unknown = cloneValue(base ?? null);
  for (const m of mutations) {
    const value = cloneValue(m.value);
    const { all, leaves } = pathsOf(root);
    const candidates = (m.kind === 'same-kind' || m.kind === 'variant') && leaves.length > 0 ? leaves : all;
    const path = candidates[m.pick % candidates.length]!;
    if (path.length === 0) {
      if (m.kind === 'add') {
        if (isObject(root)) root[m.key] = value;
      } else if (m.kind !== 'delete') root = replacement(m, root);
      continue;
    }
    const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], root);
    const last = path.at(-1)!;
    if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (m.kind === 'add') {
      if (isObject(parent[last])) parent[last][m.key] = value;
      else if (!Array.isArray(parent)) parent[m.key] = value;
    } else parent[last] = replacement(m, parent[last]);
  }
  return root;
}

/** What `{id}` means in each path: the segment before it names the collection. */
function pathIdPool(path: string, pools: IdPools): string[] {
  const collection = /\/([a-z-]+)\/\{id\}/.exec(path)?.[1] ?? '';
  return pools.byCollection[collection] ?? poolFor(collection, pools) ?? poolFor(collection.replace(/s$/, ''), pools) ?? ['x'];
}

/** A plausible value of a query parameter, by its name and schema: what a storefront or console would send. */
function queryValue(name: string, schema: Schema, pools: IdPools): fc.Arbitrary<string[]> {
  const pool = poolFor(name, pools);
  const item: Schema = schema.type === 'array' ? (schema.items ?? {}) : schema;
  const one: fc.Arbitrary<string> =
    name === 'q'
      ? fc.constantFrom('shoes', 'running shoes red', 'phone case', 'skillet', '跑鞋', 'nimbus', 'headphnes')
      : name === 'cursor'
        ? fc.oneof(fc.constantFrom('WyJiZXN0X3NlbGxpbmciLDQxLDEuMjUsImF1ZGlvLTIiXQ', 'WyJwcmljZV9hc2MiLCJhYmMiLCJ4Il0'), forgedCursor)
        : name === 'context'
          ? fc.constantFrom('web', 'app:ios', 'segment_vip')
          : name.startsWith('attr.')
            ? fc.constantFrom('red', 'blue', '42', 'Red')
            : pool !== null
              ? fc.constantFrom(...pool)
              : Array.isArray(item.enum)
                ? fc.constantFrom(...(item.enum as string[]))
                : item.type === 'integer'
                  ? fc.integer({ min: item.minimum ?? 0, max: Math.min(item.maximum ?? 10, (item.minimum ?? 0) + 10) }).map(String)
                  : item.type === 'number'
                    ? fc.constantFrom(...[0, 1.5, 3, 20, 99.9].filter((n) => n <= (item.maximum ?? 100)).map(String))
                    : item.type === 'boolean'
                      ? fc.constantFrom('true', 'false', '1', '0')
                      : (schemaValue(item, {}, name, pools) as fc.Arbitrary<unknown>).map(String);
  return schema.type === 'array' ? fc.array(one, { minLength: 1, maxLength: 3 }) : one.map((v) => [v]);
}

/** Parameters a plausible request leaves out: a cursor needs its sort and no page; a customer needs a key bound to it. */
const leftOutWhenPlausible = new Set(['cursor', 'customer']);

type QueryEntry = { name: string; values: WireValue[]; joined: boolean };

/** A fault in a query string: a parameter's value made a hostile twin of itself, or replaced, or the parameter repeated. */
type QueryFault = { pick: number; kind: 'variant' | 'hostile' | 'repeat'; variant: number; hostile: WireValue };

/**
 * The query string of one request: a few of the declared parameters (about a third), all plausible, then none, one or two
 * faults, so that most requests either succeed or fail for the one reason put there; now and then an unknown name.
 */
function queryArbitrary(op: Operation, pools: IdPools): fc.Arbitrary<QueryEntry[]> {
  const declared = op.parameters.filter((p) => p.in === 'query');
  const entries = declared.map((p) =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constant(null) },
      {
        weight: 1,
        arbitrary: fc.record({
          name: p.name.includes('{key}')
            ? fc
                .constantFrom('colour', 'colour', 'size', 'size', 'storage', 'Colour', 'col our', 'a'.repeat(60))
                .map((key) => p.name.replace('{key}', key))
            : fc.constant(p.name),
          plausible: queryValue(p.name.replace('{key}', 'colour'), p.schema ?? {}, pools),
          joined: fc.boolean(),
        }),
      },
    ),
  );
  const fault: fc.Arbitrary<QueryFault> = fc.record({
    pick: fc.nat(),
    kind: fc.constantFrom('variant', 'variant', 'hostile', 'hostile', 'repeat'),
    variant: fc.nat(),
    hostile: hostileWireValue(),
  });
  const faults = fc.oneof(
    { weight: 3, arbitrary: fc.constant([]) },
    { weight: 4, arbitrary: fc.array(fault, { minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.array(fault, { minLength: 2, maxLength: 2 }) },
  );
  const extra = fc.oneof(
    { weight: 6, arbitrary: fc.constant([]) },
    {
      weight: 1,
      arbitrary: fc.array(
        fc.record({
          name: fc.oneof(hostileString({ maxLength: 40 }), fc.constantFrom('debug', 'q', 'size', 'page')),
          value: hostileWireValue(),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    },
  );
  return fc.tuple(fc.tuple(...entries), faults, extra).map(([chosen, faultList, extras]) => {
    const included = chosen.filter((entry) => entry !== null);
    const out: Array<QueryEntry & { faulty: boolean }> = included.map((entry) => ({
      name: entry.name,
      values: entry.plausible.map((text) => ({ text })),
      joined: entry.joined,
      faulty: false,
    }));
    for (const f of faultList) {
      if (out.length === 0) {
        if (declared.length > 0)
          out.push({ name: declared[f.pick % declared.length]!.name, values: [f.hostile], joined: false, faulty: true });
        continue;
      }
      const target = out[f.pick % out.length]!;
      const first = 'text' in target.values[0]! ? target.values[0].text : '';
      if (f.kind === 'repeat') target.values.push(target.values[0]!);
      else target.values = [f.kind === 'hostile' ? f.hostile : { text: String(variantOf(first, f.variant)).slice(0, 600) }];
      target.faulty = true;
    }
    const sent: QueryEntry[] = out.filter((entry) => entry.faulty || !leftOutWhenPlausible.has(entry.name));
    for (const e of extras) sent.push({ name: e.name, values: [e.value], joined: false });
    return sent;
  });
}

function queryString(entries: QueryEntry[]): string {
  const parts: string[] = [];
  for (const { name, values, joined } of entries) {
    const key = encodeWire({ text: name });
    if (joined) parts.push(`${key}=${values.map(encodeWire).join(',')}`);
    else for (const value of values) parts.push(`${key}=${encodeWire(value)}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** How a body travels: mostly plain JSON; sometimes compressed (well or badly), mislabelled, or not JSON at all. */
const transports = [
  'json',
  'json',
  'json',
  'json',
  'json',
  'json',
  'gzip',
  'gzip-garbage',
  'br-garbage',
  'deflate',
  'compress',
  'text/plain',
  'charset',
  'none',
] as const;
type Transport = (typeof transports)[number];

const rawBodies = [
  '',
  'null',
  '[]',
  '"text"',
  '{',
  '{"a":1',
  'nul',
  '{"a":1}garbage',
  '\ufeff{"a":1}',
  '{"__proto__":{"polluted":1}}',
  '{"a":1,"a":2}',
];

function encodeBody(text: string, transport: Transport): { body: Buffer; headers: Record<string, string> } {
  const json = { 'content-type': 'application/json' };
  switch (transport) {
    case 'gzip':
      return { body: zlib.gzipSync(text), headers: { ...json, 'content-encoding': 'gzip' } };
    case 'gzip-garbage':
      return { body: Buffer.from(text), headers: { ...json, 'content-encoding': 'gzip' } };
    case 'br-garbage':
      return { body: Buffer.from(`garbage${text}`), headers: { ...json, 'content-encoding': 'br' } };
    case 'deflate':
      return { body: zlib.deflateSync(text), headers: { ...json, 'content-encoding': 'deflate' } };
    case 'compress':
      return { body: Buffer.from(text), headers: { ...json, 'content-encoding': 'compress' } };
    case 'text/plain':
      return { body: Buffer.from(text), headers: { 'content-type': 'text/plain' } };
    case 'charset':
      return { body: Buffer.from(text, 'latin1'), headers: { 'content-type': 'application/json; charset=latin1' } };
    case 'none':
      return { body: Buffer.from(text), headers: {} };
    default:
      return { body: Buffer.from(text), headers: json };
  }
}

/** The key a case sends: mostly the operation's role's, sometimes none, a malformed one, or another role's. */
function keyArbitrary(op: Operation, keys: Record<string, string>): fc.Arbitrary<string | null> {
  const own = op.role === null ? null : (keys[op.role] ?? keys.admin ?? null);
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(own) },
    { weight: 1, arbitrary: fc.constantFrom<string | null>(null, 'agp_forged', 'x'.repeat(5000), ...Object.values(keys)) },
  );
}

/** A request for one operation: plausible values everywhere, hostile ones in a few places. */
export function caseArbitrary(op: Operation, ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const pathArb = fc.tuple(
    ...pathParams.map(() =>
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...pathIdPool(op.path, ctx.pools)).map((text): WireValue => ({ text })) },
        { weight: 1, arbitrary: hostileWireValue() },
      ),
    ),
  );
  const bodyArb: fc.Arbitrary<{ text: string; transport: Transport } | null> =
    op.body === null
      ? fc.constant(null)
      : fc.record({
          text: fc.oneof(
            {
              weight: 12,
              arbitrary: fc
                .tuple(
                  schemaValue(op.body, op.body, 'body', ctx.pools),
                  fc.oneof(fc.array(mutation(), { minLength: 1, maxLength: 1 }), fc.array(mutation(), { maxLength: 3 })),
                )
                .map(([base, mutations]) => serialiseBody(applyMutations(base, mutations))),
            },
            { weight: 1, arbitrary: fc.constantFrom(...rawBodies) },
          ),
          transport: fc.constantFrom(...transports),
        });
  return fc.tuple(pathArb, queryArbitrary(op, ctx.pools), bodyArb, keyArbitrary(op, ctx.keys)).map(([ids, query, body, key]) => {
    let i = 0;
    const route = op.path.replace(/\{[^}]+\}/g, () => encodeWire(ids[i++]!));
    // Under Node's header limit (16 KB), so that the request reaches the app: the last parameters give way.
    while (query.length > 0 && route.length + queryString(query).length > 12_000) query.pop();
    const path = route + queryString(query);
    const encoded = body === null ? null : encodeBody(body.text, body.transport);
    const headers: Record<string, string> = { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...(encoded?.headers ?? {}) };
    const shown = `${op.method} ${path.slice(0, 300)} ${JSON.stringify(encoded?.headers ?? {})} ${body === null ? '' : body.text.slice(0, 300)}`;
    return { method: op.method, path, headers, body: encoded?.body, shown };
  });
}

/** What is wrong with an answer, or null: never a 5xx (but 501 for a method nothing implements), errors are JSON naming a field. */
export function problemWith(fuzzCase: FuzzCase, response: RawResponse, options: { allowNotImplemented?: boolean } = {}): string | null {
  const { status } = response;
  if (status >= 500 && !(status === 501 && options.allowNotImplemented)) return `${status}: ${response.text.slice(0, 300)}`;
  if (status < 400 || fuzzCase.method === 'HEAD') return null;
  const error = response.body?.error;
  if (typeof error?.code !== 'string' || typeof error?.message !== 'string')
    return `${status} without a JSON error: ${response.text.slice(0, 300)}`;
  if (status === 400 && (typeof error.field !== 'string' || error.field === ''))
    return `400 naming no field: ${response.text.slice(0, 300)}`;
  return null;
}
