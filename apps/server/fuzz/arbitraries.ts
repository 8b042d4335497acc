import fc from 'fast-check';
import type { Operation, Schema } from './operations';

/** The credentials a fuzzed request may carry; the harness turns each into an Authorization header. */
export const CREDENTIALS = ['none', 'garbage', 'expired', 'forged', 'ghost', 'playerA', 'playerB', 'admin', 'apiKey'] as const;

/** One credential of `CREDENTIALS`. */
export type Credential = (typeof CREDENTIALS)[number];

/** A request the fuzzer sends: method, an already encoded path and query, headers, a raw body. */
export interface FuzzRequest {
  /** The operation it aims at (none: a path no operation has). */
  op?: Operation;
  method: string;
  path: string;
  credential: Credential;
  headers: Record<string, string>;
  body?: string;
}

/** Values that exist on the fuzzed backend (ids of its fixtures), so requests reach handlers. */
export interface Known {
  strings: readonly string[];
}

const TWO_53 = 2 ** 53;

/** Segments that try to walk out of a route or confuse a router. */
const PATH_TRICKS = ['..', '.', '%2e%2e', '%2E%2e%2F', '%2F', '//', '%00', '%', '%ZZ', '%C0%AE', '..%2F..%2Fadmin', ';x=1', '%20', 'a'.repeat(600), '%F0%9F%92%A3', '%ED%A0%80'];

/** Strings a cheat might send: empty, unicode, NUL, lone surrogates, markup, long. */
const hostileString = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\uD800', '\u202Eevil', '𝕂𝕦𝕞𝕠', '<script>x</script>', '${kumo:userId}', '*', '?', '../..', 'null', 'NaN', '-0', '1e999', '__proto__', 'constructor'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 100, max: 5000 }).map((n) => 'x'.repeat(n)),
);

/** Numbers at and past the edges: 2^53 and beyond, negative, fractional, huge. */
const hostileNumber = fc.constantFrom(TWO_53 - 1, TWO_53, TWO_53 + 2, -TWO_53, -1, 0.5, 1e308, -1e308, 4294967296, 2147483648, -0);

/** A value of the wrong kind for nearly any field. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, true, false, [], {}, [[[]]], { $ne: 1 }, { __proto__: { admin: true } }),
  fc.integer({ min: 2, max: 60 }).map((depth) => nest(depth)),
);

/** `depth` arrays nested around 1. */
function nest(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** A string matching the schema's pattern, a known fixture id, or a plain string within its lengths. */
function stringOf(schema: Schema, known: Known): fc.Arbitrary<string> {
  const options: Array<fc.Arbitrary<string>> = [fc.constantFrom(...known.strings)];
  if (schema.pattern) {
    try {
      options.push(fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 200)));
    } catch {
      // a pattern fast-check cannot generate from: known values and plain strings still cover it
    }
  }
  options.push(fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 24, 24) }));
  return fc.oneof(...options);
}

/** A value that mostly fits the schema (so it reaches the handler), from the fixtures where it can. */
export function valueOf(schema: Schema, known: Known, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 5) return fc.constant(null);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((part) => valueOf(part, known, depth + 1)));
  if (schema.allOf?.length) return valueOf(Object.assign({}, ...schema.allOf) as Schema, known, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return stringOf(schema, known);
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1000, -TWO_53 + 1), max: Math.min(schema.maximum ?? 1000, TWO_53 - 1) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valueOf(schema.items ?? {}, known, depth + 1), { maxLength: 3 });
    case 'object':
    case undefined: {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      return fc.record(Object.fromEntries(Object.entries(properties).map(([name, value]) => [name, valueOf(value, known, depth + 1)])), {
        requiredKeys: Object.keys(properties).filter((name) => required.has(name)),
      });
    }
    default:
      return fc.constant(null);
  }
}

/** A near-valid value with, sometimes, one field swapped for a hostile one. */
function mutated(schema: Schema, known: Known): fc.Arbitrary<unknown> {
  return fc.tuple(valueOf(schema, known), fc.option(fc.tuple(fc.constantFrom(...Object.keys(schema.properties ?? { x: 0 })), hostileValue), { freq: 2 })).map(([value, swap]) => {
    if (!swap || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    return { ...value, [swap[0]]: swap[1] };
  });
}

/** Raw bodies no schema expects: broken JSON, deep nesting, huge, number overflow, wrong root type. */
const hostileBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', '{', '{"a":', 'null', '[]', '"x"', '1e999', '{"amount":1e999}', '{"__proto__":{"admin":true}}', '{"a":1,"a":2}', '\u0000', '{"x":"\uD800"}', 'true'),
  fc.integer({ min: 30, max: 6000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 30, max: 3000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.integer({ min: 60_000, max: 80_000 }).map((size) => JSON.stringify({ text: 'x'.repeat(size) })),
  hostileValue.map((value) => JSON.stringify(value) ?? 'null'),
);

/** Percent-encodes a value for a path segment or query (lone surrogates encoded by hand). */
function encode(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  try {
    return encodeURIComponent(text);
  } catch {
    return [...text].map((char) => (/[A-Za-z0-9_.~-]/.test(char) ? char : /[\uD800-\uDFFF]/.test(char) ? '%EF%BF%BD' : encodeURIComponent(char))).join('');
  }
}

/** Arbitrary requests against the operations, plus near-miss and random paths. */
export function requests(operations: readonly Operation[], known: Known): fc.Arbitrary<FuzzRequest> {
  const credential = fc.constantFrom(...CREDENTIALS);
  const contentType = fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', '');
  const extraHeaders = fc.dictionary(fc.constantFrom('idempotency-key', 'x-forwarded-for', 'origin', 'x-request-id', 'accept'), fc.string({ unit: fc.constantFrom(...'abc-_=./:*01 ') , maxLength: 200 }), { maxKeys: 2 });

  const toOperation = operations.map((op) => {
    const segment = (name: string) => {
      const schema = op.params.find((p) => p.in === 'path' && p.name === name)?.schema ?? { type: 'string' };
      return fc.oneof({ weight: 5, arbitrary: valueOf(schema, known).map(encode) }, { weight: 1, arbitrary: hostileValue.map(encode) }, { weight: 1, arbitrary: fc.constantFrom(...PATH_TRICKS) });
    };
    const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const query = op.params.filter((p) => p.in === 'query');
    const queryArb = fc.tuple(
      ...query.map((p) => fc.option(fc.oneof({ weight: 4, arbitrary: valueOf(p.schema, known) }, { weight: 1, arbitrary: hostileValue }).map((v) => `${p.name}=${encode(v)}`), { freq: 3 })),
      fc.option(fc.constantFrom('limit=-1', 'limit=1e999', 'cursor=%00', 'token=forged', 'limit=1&limit=2', `pad=${'x'.repeat(3000)}`), { freq: 5 }),
    );
    const bodyArb = op.body
      ? fc.oneof({ weight: 3, arbitrary: mutated(op.body, known).map((v) => JSON.stringify(v)) }, { weight: 1, arbitrary: hostileBody }, { weight: 1, arbitrary: fc.constant(undefined) })
      : fc.option(hostileBody, { freq: 4 });
    const right = fc.constantFrom<Credential>(...(op.admin ? ['admin' as const] : ['playerA' as const, 'playerA' as const, 'playerB' as const]));
    const opCredential = fc.oneof({ weight: 3, arbitrary: right }, { weight: 2, arbitrary: credential });
    return fc.record({ segments: fc.tuple(...names.map(segment)), query: queryArb, body: bodyArb, credential: opCredential, contentType, extra: extraHeaders }).map(({ segments, query: parts, body, credential: cred, contentType: type, extra }) => {
      let i = 0;
      const path = op.path.replace(/\{[^}]+\}/g, () => segments[i++] ?? 'x');
      const search = parts.filter((part): part is string => typeof part === 'string').join('&');
      const headers: Record<string, string> = { ...extra };
      if (body !== undefined && type) headers['content-type'] = type;
      const request: FuzzRequest = { op, method: op.method, path: search ? `${path}?${search}` : path, credential: cred, headers, body: body ?? undefined };
      return request;
    });
  });

  const stray = fc
    .record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
      prefix: fc.constantFrom('/v1/admin/', '/v1/admin/users/', '/v1/', '/', '/console/', '/v1/wallet/', '/v1/admin/jobs/'),
      rest: fc.array(fc.oneof(fc.constantFrom(...PATH_TRICKS), hostileString.map(encode), fc.constantFrom(...known.strings)), { maxLength: 4 }),
      credential,
      body: fc.option(hostileBody, { freq: 3 }),
    })
    .map(({ method, prefix, rest, credential: cred, body }): FuzzRequest => ({ method, path: `${prefix}${rest.join('/')}`, credential: cred, headers: body === null ? {} : { 'content-type': 'application/json' }, body: body ?? undefined }));

  return fc.oneof({ weight: 19, arbitrary: fc.oneof(...toOperation) }, { weight: 1, arbitrary: stray });
}
