import fc from 'fast-check';

/**
 * Hostile values, as an attacker would try them against any parameter or body field: text Postgres cannot store, text that
 * looks like SQL or a Lucene query, invisible and surrounding whitespace, huge and odd numbers, wrong types, dates Postgres
 * rejects, forged cursors. Deep nesting is a marker replaced in the JSON text after JSON.stringify (which would overflow
 * its own stack building it).
 */

/** Replaced by `depth` nested objects when a body is serialised (see serialiseBody). */
export class DeepMarker {
  constructor(readonly depth: number) {}
}
const deepMarkerKey = '__fuzz_deep__';

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** Hostile strings by kind; each kind is drawn as often as the others, however long its list. */
const stringKinds: Record<string, string[]> = {
  unstorable: ['\u0000', 'a\u0000b', '\u0000'.repeat(20), '\ud800', 'x\udfff', 'sneaker\ud83d', '\udc00\ud800'],
  invisible: ['', ' ', '\t', '\ufeffshoe-1', ' shoe-1', 'shoe-1 ', 'shoe-1\n', 'shoe\u200b-1', '\u202eevil', '\u00a0', '\u3000'],
  unicode: ['é', 'e\u0301', '跑鞋', '😀', '\u{10ffff}', '\u0001\u001f\u007f', '\ufffd', 'İ', 'ß', 'ﷺ'],
  injection: [
    "' OR 1=1 --",
    "'; DROP TABLE products; --",
    '" OR ""="',
    '1; select pg_sleep(1)',
    '$1',
    '%',
    '%00',
    '%s%n',
    '{{7*7}}',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '..',
    '.',
    '/',
    '__proto__',
    'constructor',
  ],
  lucene: [
    'price:[0 TO *]',
    '*',
    '?',
    '\\',
    '(((',
    '"unterminated',
    'title:/.*/',
    'a~2',
    'AND OR NOT',
    '{"query":{"match_all":{}}}',
    'a'.repeat(199) + '*',
  ],
  numeric: [
    '99999999999999999999',
    '9223372036854775808',
    '2147483648',
    '-1',
    '0',
    '1.5',
    '1e309',
    '-0',
    'NaN',
    'Infinity',
    '0x10',
    '+1',
    '１２',
    ' 1',
    'true',
    'null',
  ],
  date: [
    '0000-01-01T00:00:00Z',
    `2020-01-01T00:00:00.${'1'.repeat(129)}Z`,
    '2020-01-01T00:00:00.1234567890Z',
    '9999-12-31T23:59:59.999999999-23:59',
    '1969-12-31T23:59:59Z',
    '2021-02-29T00:00:00Z',
    '2020-13-01T00:00:00Z',
    '2020-01-01T24:00:00Z',
    '+275760-09-13T00:00:00Z',
    '2020-01-01T00:00:00+99:00',
    '2020-01-01',
    'yesterday',
  ],
};

/** Cursors as a client could forge them: base64url JSON of the right shape with wrong types, or no JSON at all. */
export const forgedCursor = fc
  .tuple(
    fc.constantFrom('relevance', 'newest', 'price_asc', 'price_desc', 'best_selling', 'rating', 'other'),
    fc.array(
      fc.oneof(
        fc.constant(null),
        fc.string({ maxLength: 5 }),
        fc.double(),
        fc.integer(),
        fc.constantFrom('Infinity', '-Infinity', 'NaN', Number.MAX_VALUE, 2 ** 63),
        fc.constant({}),
      ),
      { maxLength: 4 },
    ),
  )
  .map(([sort, values]) => Buffer.from(JSON.stringify([sort, ...values])).toString('base64url'));

/** A hostile string: each kind above, random full Unicode, lone surrogates spliced in, forged cursors, long and huge strings. */
export function hostileString(options: { maxLength?: number } = {}): fc.Arbitrary<string> {
  const max = options.maxLength ?? 100_000;
  return fc.oneof(
    ...Object.values(stringKinds).map((list) => ({ weight: 2, arbitrary: fc.constantFrom(...list) })),
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), loneSurrogate, fc.string({ maxLength: 10 })).map((p) => p.join('')) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }) },
    { weight: 1, arbitrary: forgedCursor },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...[300, 2_000, 20_000, 100_000].map((length) => Math.min(max, length)))
        .chain((length) =>
          fc.constantFrom('a', '\u0000', '跑', '😀', ' ').map((unit) => unit.repeat(Math.max(1, Math.floor(length / unit.length)))),
        ),
    },
  );
}

/**
 * A hostile twin of a valid value, which keeps the rest of a request valid: the id with a NUL, a BOM, spaces or a lone
 * surrogate, repeated past any length, or in another type; a number just past its column, a fraction, negative.
 */
export function variantOf(value: unknown, pick: number): unknown {
  if (typeof value === 'string') {
    const variants = [
      `${value}\u0000`,
      `\ufeff${value}`,
      ` ${value} `,
      `${value}\ud800`,
      `${value}\u200b`,
      value.repeat(Math.ceil(5_000 / Math.max(1, value.length))),
      value.toUpperCase(),
      Number(value),
      [value],
    ];
    return variants[pick % variants.length];
  }
  if (typeof value === 'number') {
    const variants = [2 ** 31, -(2 ** 31) - 1, value + 0.5, -value - 1, value * 1e10, 2 ** 53 + 2, 1e308, String(value), null];
    return variants[pick % variants.length];
  }
  if (typeof value === 'boolean') return [String(value), Number(value), null][pick % 3];
  if (Array.isArray(value)) return [Array.from({ length: 1000 }, () => value[0] ?? 'x'), [], value[0] ?? null][pick % 3];
  return null;
}

/** Numbers past the columns' bounds, the edges of doubles, fractions where whole numbers go. */
export const hostileNumber = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 53 + 2,
      1e308,
      -1e308,
      5e-324,
      -0,
      0.5,
      -1,
      1e21,
      1e20,
      Number.MAX_SAFE_INTEGER,
      1e-7,
    ),
  },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.integer() },
);

const wrongType = fc.constantFrom<unknown>(null, true, false, [], {}, [[]], { a: {} }, [null], 'string', 0, [1, 'a', null]);

/** A hostile JSON value for any body field. */
export function hostileJson(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 5, arbitrary: hostileString() },
    { weight: 3, arbitrary: hostileNumber },
    { weight: 3, arbitrary: wrongType },
    { weight: 1, arbitrary: fc.constantFrom(40, 1_000, 10_000).map((depth) => new DeepMarker(depth)) },
    { weight: 1, arbitrary: fc.constantFrom(1_000, 10_000).map((n) => Array.from({ length: n }, (_, i) => `x${i}`)) },
    {
      weight: 1,
      arbitrary: fc.dictionary(hostileString({ maxLength: 200 }), fc.oneof(hostileString({ maxLength: 200 }), hostileNumber), {
        maxKeys: 5,
      }),
    },
  );
}

/** A hostile query-string or path value: a string to %-encode, or raw text sent as is (malformed escapes). */
export type WireValue = { text: string } | { raw: string };

export function hostileWireValue(): fc.Arbitrary<WireValue> {
  return fc.oneof(
    // Short enough that a URL of a few stays under Node's 16 KB header limit (past it Node answers 431 before any app code).
    { weight: 8, arbitrary: hostileString({ maxLength: 600 }).map((text) => ({ text })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%FF%FE', '%25%30%30', '+%2B+').map((raw) => ({ raw })),
    },
  );
}

/**
 * %-encodes text as a client would send it; an unpaired surrogate, which encodeURIComponent refuses, goes as the three bytes
 * a careless encoder writes for it (CESU-8), as an attacker would.
 */
export function encodeWire(value: WireValue): string {
  if ('raw' in value) return value.raw;
  let out = '';
  for (const char of value.text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(char);
  }
  return out;
}

/** A copy of a generated value to place in a body: fast-check hands out one instance of a constant to every run that draws it. */
export function cloneValue(value: unknown): unknown {
  if (value instanceof DeepMarker || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneValue);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cloneValue(item)]));
}

/** JSON text of a body, with deep markers replaced by nested objects. */
export function serialiseBody(body: unknown): string {
  const text = JSON.stringify(body, (_key, value: unknown) => (value instanceof DeepMarker ? `${deepMarkerKey}${value.depth}` : value));
  return text.replace(
    new RegExp(`"${deepMarkerKey}(\\d+)"`, 'g'),
    (_m, depth: string) => '{"a":'.repeat(Number(depth)) + '1' + '}'.repeat(Number(depth)),
  );
}
