import fc from 'fast-check';
import { type AuditEntry } from '@fallverbund/audit-log';
import request, { type Response } from 'supertest';
import { type Profile, type TestApp, PROFILES, startTestApp } from '../testing/test-app';

/**
 * Malformed requests to every route, derived from the OpenAPI document the app serves: wrong types,
 * huge and odd numbers, week and ordinal dates, impossible days, forbidden and unusual characters,
 * missing and unknown fields, bad path parameters, deep, oversized, malformed and non-JSON bodies.
 * Every request carries at least one defect the API must refuse, sent with a valid token and purpose
 * so that it gets past authentication. Each must be answered with a 4xx problem (never 5xx, never
 * accepted), and none may append anything: no event, no audit entry but refusals (`deny`).
 *
 * A sweep sends every bad value of every path and query parameter on its own (about 1,400 requests);
 * then FUZZ_RUNS random ones follow (default 2000 on SQLite, 300 on PostgreSQL); FUZZ_SEED replays them.
 */

interface Schema {
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly $ref?: string;
  readonly allOf?: readonly Schema[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxLength?: number;
  readonly example?: unknown;
}

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly schema?: Schema;
}

interface OpenApi {
  readonly paths: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema } | undefined> } }
    >
  >;
  readonly components?: { schemas?: Record<string, Schema> };
}

interface Operation {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  readonly template: string;
  readonly pathParams: readonly Parameter[];
  readonly queryParams: readonly Parameter[];
  readonly body?: Schema;
}

/** One request as sent: the URL is already encoded; `body` is the raw text. */
interface FuzzRequest {
  readonly method: Operation['method'];
  readonly template: string;
  readonly url: string;
  readonly defect: string;
  readonly actor: readonly [string, string];
  /** `oversize`: the text is a JSON object of that many characters, made when sent (kept out of reports). */
  readonly body?: { readonly contentType: string; readonly text: string; readonly oversize?: number };
}

const SQLITE_RUNS = 2000;
const POSTGRES_RUNS = 300;

/** Demo users with a purpose they may declare: authentication passes, what they may do is irrelevant here. */
const ACTORS: readonly (readonly [string, string])[] = [
  ['frieda.dpo', 'audit'],
  ['ben.lead', 'evaluation'],
  ['clara.youth', 'child_protection'],
  ['anna.coach', 'integration'],
  ['emil.counsel', 'coordination'],
  ['ben.lead', 'coordination'],
  ['clara.youth', 'youth_support'],
  ['deniz.psych', 'health_promotion'],
];

/** The demo participant: the only caller the /api/me routes let past authentication. */
const PARTICIPANT = ['lena.teilnehmerin', 'integration'] as const;

/** Who uses a route in earnest, so that a request that passes validation runs the handler for real. */
const OWNER: readonly (readonly [RegExp, readonly [string, string]])[] = [
  // The participant's own routes answer only a participant (the purpose header is ignored there).
  [/^\/api\/me\//, PARTICIPANT],
  [/^\/api\/audit\//, ['frieda.dpo', 'audit']],
  [/^\/api\/team\//, ['ben.lead', 'coordination']],
  [/^\/api\/evaluation\//, ['ben.lead', 'evaluation']],
  [/^\/api\/(referrals|conferences)\b/, ['emil.counsel', 'coordination']],
  [/^\/api\/child-protection/, ['clara.youth', 'child_protection']],
];
const ownerOf = (template: string): readonly [string, string] =>
  OWNER.find(([pattern]) => pattern.test(template))?.[1] ?? ['anna.coach', 'integration'];

// Values that are fine where they stand: unusual but allowed characters, so that the defect is not
// the only odd thing in a request.
const NOISE_TEXT = [
  'Mara',
  'Ärztin Müller-Lüdenscheidt',
  '山田 太郎',
  'مرحبا',
  'שלום',
  '👩🏽‍⚕️ Sprechstunde',
  'a\u0301',
  ' ',
];

const FORBIDDEN_TEXT = ['a\u0000b', 'x\u0007', '\u202eevil', 'ok\u2066', '\u0085', 'x\u007f'];
const LONE_SURROGATE_TEXT = ['\ud800', 'x\udfffy'];
const ODD_INSTANTS = [
  '2026-W49',
  '2026-W49-5T10:00:00Z',
  '2026-338',
  '2026-338T10:00:00Z',
  '2026-12',
  '2026',
  '2026-02-30T10:00:00Z',
  '2026-12-04T24:00:00Z',
  '2026-12-04T10:00:60Z',
  '20261204T100000Z',
  '2026-12-04T10:00:00+0100',
  '2026-12-04T10:00:00+25:00',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00Z',
  '9999-99-99',
  '1e20',
  'now',
];
const ODD_DATES = [
  '2026-W49',
  '2026-W49-5',
  '2026-338',
  '2026-12',
  '2026-02-30',
  '2025-02-29',
  '20261204',
  '2026-13-01',
  '1e20',
];
// Huge numbers twice over: they are what reaches a database when a bound is missing.
const HUGE_INTEGER_TEXT = [
  '1e20',
  '99999999999999999999',
  '1e308',
  '9007199254740993',
  '18446744073709551616',
  '1000000001',
];
const ODD_INTEGER_TEXT = [
  ...HUGE_INTEGER_TEXT,
  ...HUGE_INTEGER_TEXT,
  ...['1e3', '-1', '1.5', '', 'abc', '0x10', 'NaN', 'Infinity', ' 1', '+1', '١'],
];
const ODD_UUID_TEXT = [
  'not-a-uuid',
  '1e20',
  '00000000-0000-0000-0000-00000000000g',
  '6f1c1e7e-0000-4000-8000-0000000000011',
  'ü'.repeat(8),
  '..',
  'x'.repeat(3000),
];

const resolve = (doc: OpenApi, schema: Schema | undefined): Schema => {
  if (!schema) return {};
  if (schema.$ref) return resolve(doc, doc.components?.schemas?.[schema.$ref.split('/').pop() ?? '']);
  if (schema.allOf?.length === 1) return resolve(doc, schema.allOf[0]);
  return schema;
};

const operationsOf = (doc: OpenApi): Operation[] =>
  Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const parameters = op.parameters ?? [];
      const body = op.requestBody?.content?.['application/json']?.schema;
      return {
        method: method as Operation['method'],
        template,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        ...(body ? { body: resolve(doc, body) } : {}),
      };
    }),
  );

const isDateName = (name: string): boolean =>
  /(At|Date|Until|From|For|Ups)$/.test(name) || name === 'from' || name === 'to';
const isIntegerSchema = (s: Schema): boolean => s.type === 'number' || s.type === 'integer';

/** A value that fits the schema (or is plausibly meant to), with some unusual characters. */
const plausible = (doc: OpenApi, raw: Schema | undefined, name: string, depth = 0): fc.Arbitrary<unknown> => {
  const schema = resolve(doc, raw);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  if (schema.example !== undefined && depth > 0)
    return fc.oneof(fc.constant(schema.example), fc.constant(schema.example));
  if (isIntegerSchema(schema))
    return fc.integer({ min: schema.minimum ?? 1, max: Math.min(schema.maximum ?? 100, 1000) });
  if (schema.type === 'boolean') return fc.boolean();
  if (schema.type === 'array')
    return depth > 3 ? fc.constant([]) : fc.array(plausible(doc, schema.items, name, depth + 1), { maxLength: 3 });
  if (schema.properties) {
    if (depth > 3) return fc.constant({});
    return objectOf(doc, schema, depth + 1);
  }
  if (isDateName(name)) return fc.constantFrom('2026-11-24T14:00:00+01:00', '2026-12-01', new Date().toISOString());
  if (schema.example !== undefined) return fc.oneof(fc.constant(schema.example), fc.constantFrom(...NOISE_TEXT));
  return fc.constantFrom(...NOISE_TEXT);
};

const objectOf = (doc: OpenApi, schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> => {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  return fc.record(
    Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, plausible(doc, s, key, depth)])),
    { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) },
  );
};

/** Values a property of this schema must refuse in a JSON body. Never a string where the schema may be a string. */
const wrongBodyValues = (doc: OpenApi, raw: Schema, name: string): unknown[] => {
  const schema = resolve(doc, raw);
  const forbidden = [...FORBIDDEN_TEXT, ...LONE_SURROGATE_TEXT];
  if (schema.enum?.length) return ['not-in-the-enum', 42, [schema.enum[0]], ...forbidden];
  if (isIntegerSchema(schema)) {
    const out: unknown[] = ['7', 1e20, -1e20, 1.5, 1e308, true, [1], { n: 1 }];
    if (schema.maximum !== undefined) out.push(schema.maximum + 1);
    return out;
  }
  if (schema.type === 'boolean') return ['true', 1, [], {}];
  if (schema.type === 'array') {
    const items = resolve(doc, schema.items);
    const wrongItems = isIntegerSchema(items) ? [['x'], [{}]] : [[42], [true], [[1]]];
    return [5, { a: 1 }, ...wrongItems];
  }
  if (schema.properties) return [5, [1], true, ...forbidden.map((text) => ({ [text]: 1 }))];
  if (schema.type === 'string') {
    const out: unknown[] = [42, true, [1], { a: 1 }, ...forbidden];
    if (isDateName(name)) out.push(...ODD_INSTANTS, ...ODD_DATES);
    if (schema.maxLength !== undefined && schema.maxLength < 20_000) out.push('x'.repeat(schema.maxLength + 1));
    return out;
  }
  return []; // a bare `type: object` or an untyped property: no value is surely wrong for it
};

/** A body with exactly one defect somewhere in it (possibly nested). */
const defectiveBody = (doc: OpenApi, schema: Schema, depth = 0): fc.Arbitrary<{ value: unknown; defect: string }> => {
  const properties = Object.entries(schema.properties ?? {});
  const base = objectOf(doc, schema, depth + 1);
  const choices: fc.Arbitrary<{ value: unknown; defect: string }>[] = [
    fc
      .tuple(
        base,
        fc.constantFrom('zzUnknown', 'constructor', '__proto__', 'toString', 'Participant', ''),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([value, key, extra]) => ({
        value: { ...value, [key]: extra },
        defect: `unknown field ${JSON.stringify(key)}`,
      })),
    fc.constantFrom<unknown>(5, 'text', true, [], [{}], null).map((value) => ({ value, defect: 'not an object' })),
  ];
  const required = (schema.required ?? []).filter((k) => schema.properties?.[k]);
  if (required.length > 0)
    choices.push(
      fc.tuple(base, fc.constantFrom(...required)).map(([value, key]) => {
        const copy: Record<string, unknown> = { ...value };
        delete copy[key];
        return { value: copy, defect: `without ${key}` };
      }),
    );
  for (const [key, propertySchema] of properties) {
    const wrong = wrongBodyValues(doc, propertySchema, key);
    if (wrong.length > 0)
      choices.push(
        fc.tuple(base, fc.constantFrom(...wrong)).map(([value, bad]) => ({
          value: { ...value, [key]: bad },
          defect: `${key}: ${JSON.stringify(bad)?.slice(0, 60)}`,
        })),
      );
    const nested = resolve(doc, propertySchema);
    const itemSchema = nested.type === 'array' ? resolve(doc, nested.items) : undefined;
    if (depth < 2 && nested.properties)
      choices.push(
        fc.tuple(base, defectiveBody(doc, nested, depth + 1)).map(([value, inner]) => ({
          value: { ...value, [key]: inner.value },
          defect: `${key}.${inner.defect}`,
        })),
      );
    if (depth < 2 && itemSchema?.properties)
      choices.push(
        fc.tuple(base, defectiveBody(doc, itemSchema, depth + 1)).map(([value, inner]) => ({
          value: { ...value, [key]: [inner.value] },
          defect: `${key}[0].${inner.defect}`,
        })),
      );
  }
  return fc.oneof(...choices);
};

/** Bodies no route may accept, whatever it reads: refused by the HTTP edge before any DTO. */
const edgeBody: fc.Arbitrary<{ contentType: string; text: string; oversize?: number; defect: string }> = fc.oneof(
  fc.integer({ min: 33, max: 3000 }).map((depth) => ({
    contentType: 'application/json',
    text: `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    defect: `nested ${depth + 1} deep`,
  })),
  fc.integer({ min: 33, max: 1500 }).map((depth) => ({
    contentType: 'application/json',
    text: `${'{"participant":'.repeat(depth)}{}${'}'.repeat(depth)}`,
    defect: `objects nested ${depth + 1} deep`,
  })),
  fc.integer({ min: 65 * 1024, max: 200 * 1024 }).map((size) => ({
    contentType: 'application/json',
    text: '(oversize)',
    oversize: size,
    defect: `${size} characters`,
  })),
  fc.constantFrom('{', '{"a":}', "{'a':1}", '5', '"text"', 'null', 'nul', '{"a":1}}', '\u0000', '[1,]').map((text) => ({
    contentType: 'application/json',
    text,
    defect: `malformed JSON ${JSON.stringify(text)}`,
  })),
  fc
    .constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
    )
    .map((contentType) => ({ contentType, text: 'userId=anna.coach', defect: `a ${contentType} body` })),
);

const encode = (value: string): string => {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, as UTF-8 would spell it
  }
};

interface Fixtures {
  readonly caseId: string;
}

const exampleOf = (p: Parameter): string =>
  typeof p.schema?.example === 'string' || typeof p.schema?.example === 'number' ? String(p.schema.example) : 'x';

const goodPathValue = (p: Parameter, fixtures: Fixtures): fc.Arbitrary<string> => {
  if (p.name === 'id') return fc.constant(fixtures.caseId);
  if (p.schema?.format === 'uuid') return fc.uuid();
  if (p.schema && isIntegerSchema(p.schema)) return fc.constant('1');
  return fc.constant(exampleOf(p));
};

/** Raw (already encoded) path values this parameter must refuse. */
const badPathValues = (p: Parameter): string[] => {
  const forbidden = ['%00', '%07', '%E2%80%AE', '%ED%A0%80', '%', '%zz', '%C3'];
  if (p.schema?.format === 'uuid') return [...ODD_UUID_TEXT.map(encode), ...forbidden];
  if (p.schema && isIntegerSchema(p.schema)) {
    const out = [...ODD_INTEGER_TEXT.filter((t) => t !== '').map(encode), ...forbidden];
    if (p.schema.maximum !== undefined) out.push(String(p.schema.maximum + 1));
    return out;
  }
  return forbidden;
};

/** Raw query values this parameter must refuse. */
const badQueryValues = (p: Parameter): string[] => {
  const schema = p.schema ?? {};
  // Undecodable escapes (%ED%A0%80) are no defect here: the query parser reads them as U+FFFD.
  const forbidden = FORBIDDEN_TEXT.map(encode);
  if (schema.enum?.length) return ['not-in-the-enum', encode(`${String(schema.enum[0])} `), ...forbidden];
  if (isIntegerSchema(schema)) {
    const out = [...ODD_INTEGER_TEXT.map(encode), ...forbidden];
    if (schema.maximum !== undefined) out.push(String(schema.maximum + 1));
    return out;
  }
  if (schema.type === 'boolean') return ['yes', '1', '', ...forbidden];
  if (schema.format === 'uuid') return [...ODD_UUID_TEXT.map(encode), ...forbidden];
  if (schema.format === 'date') return [...ODD_DATES.map(encode), ...ODD_INSTANTS.map(encode), ...forbidden];
  if (isDateName(p.name) || schema.format === 'date-time') return [...ODD_INSTANTS.map(encode), ...forbidden];
  return forbidden;
};

const goodQueryValue = (p: Parameter): fc.Arbitrary<string> => {
  const schema = p.schema ?? {};
  if (schema.enum?.length) return fc.constantFrom(...schema.enum.map(String));
  if (isIntegerSchema(schema)) return fc.constant(String(schema.minimum ?? 1));
  if (schema.type === 'boolean') return fc.constantFrom('true', 'false');
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date') return fc.constant('1990-04-01');
  if (isDateName(p.name)) return fc.constant(encode('2026-11-01T00:00:00Z'));
  return fc.constantFrom(...NOISE_TEXT.map(encode));
};

const simplePathValue = (p: Parameter, fixtures: Fixtures): string =>
  p.name === 'id'
    ? fixtures.caseId
    : p.schema?.format === 'uuid'
      ? '6f1c1e7e-0000-4000-8000-000000000001'
      : p.schema && isIntegerSchema(p.schema)
        ? '1'
        : encode(exampleOf(p));

const simpleQueryValue = (p: Parameter): string => {
  const schema = p.schema ?? {};
  if (schema.enum?.length) return encode(String(schema.enum[0]));
  if (isIntegerSchema(schema)) return String(schema.minimum ?? 1);
  if (schema.type === 'boolean') return 'true';
  if (schema.format === 'uuid') return '6f1c1e7e-0000-4000-8000-000000000001';
  if (schema.format === 'date') return '1990-04-01';
  if (isDateName(p.name) || schema.format === 'date-time') return encode('2026-11-01T00:00:00Z');
  return 'x';
};

/**
 * Every bad value of every path and query parameter of the route, one at a time, everything else
 * plain and the route's own user asking: what slips through validation reaches the handler for real.
 * And a few bodies the edge refuses, whatever the route.
 */
const sweepOf = (op: Operation, fixtures: Fixtures): FuzzRequest[] => {
  const path = Object.fromEntries(op.pathParams.map((p) => [p.name, simplePathValue(p, fixtures)]));
  const required = op.queryParams.filter((p) => p.required).map((p) => `${p.name}=${simpleQueryValue(p)}`);
  const urlOf = (values: Record<string, string>, query: readonly string[]): string => {
    const filled = op.template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
    return query.length > 0 ? `${filled}?${query.join('&')}` : filled;
  };
  const base = { method: op.method, template: op.template, actor: ownerOf(op.template) };
  const edge = [
    { contentType: 'application/json', text: `{"a":${'['.repeat(40)}${']'.repeat(40)}}`, defect: 'nested 41 deep' },
    { contentType: 'application/json', text: '(oversize)', oversize: 70_000, defect: '70000 characters' },
    { contentType: 'application/json', text: '{"a":', defect: 'malformed JSON' },
    { contentType: 'text/plain', text: 'a', defect: 'a text/plain body' },
  ];
  return [
    ...edge.map(({ defect, ...body }) => ({ ...base, url: urlOf(path, required), defect, body })),
    ...op.pathParams.flatMap((p) =>
      [...new Set(badPathValues(p))].map((bad) => ({
        ...base,
        url: urlOf({ ...path, [p.name]: bad }, required),
        defect: `path ${p.name}=${bad.slice(0, 60)}`,
      })),
    ),
    ...op.queryParams.flatMap((p) =>
      [...new Set(badQueryValues(p))].map((bad) => ({
        ...base,
        url: urlOf(path, [...required.filter((q) => !q.startsWith(`${p.name}=`)), `${p.name}=${bad}`]),
        defect: `query ${p.name}=${bad.slice(0, 60)}`,
      })),
    ),
  ];
};

const requestsFor = (doc: OpenApi, op: Operation, fixtures: Fixtures): fc.Arbitrary<FuzzRequest> => {
  const pathValues = fc.record(Object.fromEntries(op.pathParams.map((p) => [p.name, goodPathValue(p, fixtures)])));
  // Optional query parameters, some with good values: the defect is elsewhere.
  const goodQuery = fc
    .subarray([...op.queryParams])
    .chain((params) => fc.tuple(...params.map((p) => goodQueryValue(p).map((v) => `${p.name}=${v}`))));
  const requiredQuery = fc.tuple(
    ...op.queryParams.filter((p) => p.required).map((p) => goodQueryValue(p).map((v) => `${p.name}=${v}`)),
  );
  const urlOf = (path: Record<string, string>, query: readonly string[]): string => {
    const filled = op.template.replace(/\{(\w+)\}/g, (_, name: string) => path[name] ?? '');
    return query.length > 0 ? `${filled}?${query.join('&')}` : filled;
  };
  const encodedPath = pathValues.map((values) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encode(v)])),
  );
  const actor = op.template.startsWith('/api/me/')
    ? fc.constant(ownerOf(op.template))
    : fc.oneof(
        { weight: 2, arbitrary: fc.constant(ownerOf(op.template)) },
        { weight: 1, arbitrary: fc.constantFrom(...ACTORS) },
      );
  const base = { method: op.method, template: op.template };

  const defects: { arbitrary: fc.Arbitrary<FuzzRequest>; weight: number }[] = [
    {
      weight: 1,
      arbitrary: fc.tuple(encodedPath, requiredQuery, edgeBody, actor).map(([path, query, body, who]) => ({
        ...base,
        url: urlOf(path, query),
        defect: body.defect,
        actor: who,
        body: {
          contentType: body.contentType,
          text: body.text,
          ...(body.oversize === undefined ? {} : { oversize: body.oversize }),
        },
      })),
    },
  ];
  if (op.pathParams.length > 0)
    defects.push({
      weight: 2,
      arbitrary: fc
        .tuple(encodedPath, fc.constantFrom(...op.pathParams), requiredQuery, actor)
        .chain(([path, param, query, who]) =>
          fc.constantFrom(...badPathValues(param)).map((bad) => ({
            ...base,
            url: urlOf({ ...path, [param.name]: bad }, query),
            defect: `path ${param.name}=${bad.slice(0, 60)}`,
            actor: who,
          })),
        ),
    });
  if (op.queryParams.length > 0)
    defects.push(
      {
        weight: 3,
        arbitrary: fc
          .tuple(encodedPath, goodQuery, fc.constantFrom(...op.queryParams), actor)
          .chain(([path, query, param, who]) =>
            fc.constantFrom(...badQueryValues(param)).map((bad) => ({
              ...base,
              url: urlOf(path, [...query.filter((q) => !q.startsWith(`${param.name}=`)), `${param.name}=${bad}`]),
              defect: `query ${param.name}=${bad.slice(0, 60)}`,
              actor: who,
            })),
          ),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            encodedPath,
            goodQuery,
            requiredQuery,
            fc.constantFrom('zzUnknown=1', '__proto__=1', 'constructor=x', 'limit[]=1&limit[]=2'),
            actor,
          )
          .map(([path, query, required, extra, who]) => ({
            ...base,
            url: urlOf(path, [...new Set([...required, ...query]), extra]),
            defect: `query ${extra}`,
            actor: who,
          })),
      },
    );
  if (op.body)
    defects.push({
      weight: 6,
      arbitrary: fc
        .tuple(encodedPath, requiredQuery, defectiveBody(doc, op.body), actor)
        .map(([path, query, body, who]) => ({
          ...base,
          url: urlOf(path, query),
          defect: `body ${body.defect}`,
          actor: who,
          body: { contentType: 'application/json', text: JSON.stringify(body.value) ?? 'null' },
        })),
    });
  return fc.oneof(...defects);
};

describe.each(PROFILES)('malformed requests to every route (%s)', (profile: Profile) => {
  let t: TestApp;
  let operations: Operation[];
  let doc: OpenApi;
  let fixtures: Fixtures;
  const headers = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    t = await startTestApp(profile);
    doc = (await t.http.get('/api/docs-json').expect(200)).body as OpenApi;
    operations = operationsOf(doc);
    for (const [user, purpose] of [...ACTORS, PARTICIPANT])
      headers.set(`${user} ${purpose}`, await t.as(user, purpose));
    fixtures = { caseId: await t.openCase(await t.as('anna.coach', 'integration')) };
  });
  afterAll(() => t.close());

  // A client of its own: the test app's checks every answer against the document, which need not list
  // every edge refusal (a 415 for a body sent to a route that takes none); the e2e suite checks that.
  const send = (r: FuzzRequest): Promise<Response> => {
    const call = request(t.app.getHttpServer())
      [r.method](r.url)
      .set(headers.get(r.actor.join(' ')) ?? {});
    if (!r.body) return call;
    const text = r.body.oversize === undefined ? r.body.text : JSON.stringify({ userId: 'x'.repeat(r.body.oversize) });
    return call.set('content-type', r.body.contentType).send(text);
  };

  const lastEventPosition = async (): Promise<unknown> => {
    const events = await t.allEvents();
    return events[events.length - 1]?.position ?? null;
  };

  it('answers every one with a 4xx problem and appends nothing but refusals', async () => {
    expect(operations.length).toBeGreaterThan(40);
    const position = await lastEventPosition();
    const runs = Number(process.env['FUZZ_RUNS'] ?? (profile === 'sqlite' ? SQLITE_RUNS : POSTGRES_RUNS));
    const seed = process.env['FUZZ_SEED'] === undefined ? {} : { seed: Number(process.env['FUZZ_SEED']) };
    const perRoute = new Map<string, number>();
    const codes = new Map<string, number>();
    // Routes with more inputs get more requests.
    const inputsOf = (op: Operation) =>
      op.pathParams.length + op.queryParams.length + Object.keys(op.body?.properties ?? {}).length;
    const request = fc.oneof(
      ...operations.map((op) => ({ weight: 1 + Math.min(inputsOf(op), 8), arbitrary: requestsFor(doc, op, fixtures) })),
    );

    const check = async (r: FuzzRequest): Promise<void> => {
      const route = `${r.method.toUpperCase()} ${r.template}`;
      perRoute.set(route, (perRoute.get(route) ?? 0) + 1);
      const auditBefore = await t.persistence.audit.size();
      const response = await send(r);
      const records = await t.persistence.audit.read(auditBefore, 100);
      const permits = records.flatMap((x) => (x.entry && x.entry.decision !== 'deny' ? [x.entry] : []));
      const answer = {
        route,
        url: r.url.slice(0, 200),
        defect: r.defect,
        status: response.status,
        code: (response.body as { code?: unknown }).code,
        permits: permits.map((e: AuditEntry) => `${e.action} ${e.decision}`),
      };
      const refused =
        response.status >= 400 &&
        response.status < 500 &&
        /^application\/problem\+json/.test(String(response.headers['content-type'])) &&
        permits.length === 0;
      if (!refused) throw new Error(`not refused: ${JSON.stringify(answer)}`);
      codes.set(String(answer.code), (codes.get(String(answer.code)) ?? 0) + 1);
    };

    // First every bad parameter value on its own, then random combinations, bodies above all.
    const sweep = operations.flatMap((op) => sweepOf(op, fixtures));
    expect(sweep.length).toBeGreaterThan(500);
    for (const r of sweep) await check(r);
    await fc.assert(fc.asyncProperty(request, check), { numRuns: runs, endOnFailure: true, ...seed });

    expect(await lastEventPosition()).toEqual(position);
    // The requests got past authentication and were refused for what they are, by the edge or the DTOs.
    expect([...codes.keys()].filter((code) => code.startsWith('AUTH'))).toEqual([]);
    expect([...codes.keys()]).toEqual(
      expect.arrayContaining([
        'REQUEST.VALIDATION',
        'REQUEST.FORBIDDEN_CHARACTER',
        'REQUEST.FORBIDDEN_FIELD',
        'REQUEST.TOO_DEEP',
        'REQUEST.TOO_LARGE',
        'REQUEST.MALFORMED_JSON',
        'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      ]),
    );
    // Every route was tried, most of them many times.
    const all = operations.map((op) => `${op.method.toUpperCase()} ${op.template}`);
    expect(all.filter((route) => !perRoute.has(route))).toEqual([]);
  }, 600_000);
});
