import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type NestExpressApplication } from '@nestjs/platform-express';
import {
  PERSISTENCE,
  type Persistence,
  ProjectionRunner,
  type PersistenceConfig,
  TEST_AUDIT_CONFIG,
} from '@fallverbund/cases-application';
import {
  comparePositions,
  formatPosition,
  type GlobalPosition,
  parsePosition,
  type RecordedEvent,
} from '@fallverbund/event-store';
import { tempDir, testDatabaseUrl, testSchema } from '@fallverbund/testing';
import request, { type Response, type Test } from 'supertest';
import { createApp } from '../app/create-app';
import { type AppConfig } from '../app/config';
import { LOG_POSITION_HEADER } from '../app/log-position.interceptor';
import { OpenApiResponseValidator } from './openapi-validation';

export type Profile = 'sqlite' | 'postgres';
export const PROFILES: readonly Profile[] =
  process.env['FALLVERBUND_POSTGRES'] === 'missing' ? ['sqlite'] : ['sqlite', 'postgres'];

export interface TestApp {
  readonly app: NestExpressApplication;
  readonly http: ReturnType<typeof request>;
  readonly persistence: Persistence;
  readonly config: AppConfig;
  /** Where the embedded database lives (sqlite), or the schema (postgres). */
  readonly location: { dir?: string; schema?: string; pool?: import('pg').Pool };
  token(userId: string): Promise<string>;
  /** Bearer token and declared purpose of a demo user, as request headers. */
  as(userId: string, purpose: string): Promise<Record<string, string>>;
  /** Opens a case with the given headers and returns its id. */
  openCase(headers: Record<string, string>, person?: typeof participant): Promise<string>;
  allEvents(): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

/** The real app on a fresh embedded database or PostgreSQL schema, on an ephemeral port. */
export const startTestApp = async (profile: Profile, overrides: Partial<AppConfig> = {}): Promise<TestApp> => {
  const masterKey = randomBytes(32);
  const dir = tempDir('api');
  const pg = profile === 'postgres' ? await testSchema('api') : undefined;
  const persistence: PersistenceConfig = pg
    ? { kind: 'postgres', url: testDatabaseUrl(), schema: pg.schema, poolSize: 8, masterKey }
    : { kind: 'sqlite', file: join(dir.path, 'fallverbund.sqlite'), masterKey };
  const config: AppConfig = {
    profile: 'embedded',
    host: '127.0.0.1',
    port: 0,
    persistence,
    identity: { profile: 'embedded' },
    audit: TEST_AUDIT_CONFIG,
    bodyLimit: '64kb',
    ...overrides,
  };
  const app = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  // Every answer a test receives is checked against the OpenAPI document (testing/openapi-validation.ts).
  const carried = carryLogPosition(request(app.getHttpServer()));
  const http = OpenApiResponseValidator.forApp(app).wrap(carried.agent);
  const runner = app.get(ProjectionRunner);
  const state = app.get<Persistence>(PERSISTENCE);
  const tokens = new Map<string, string>();
  const token = async (userId: string): Promise<string> => {
    const cached = tokens.get(userId);
    if (cached) return cached;
    const response = await http.post('/api/dev/token').send({ userId }).expect(201);
    const issued = (response.body as { accessToken: string }).accessToken;
    tokens.set(userId, issued);
    return issued;
  };
  return {
    app,
    http,
    persistence: state,
    config,
    location: { dir: dir.path, ...(pg ? { schema: pg.schema, pool: pg.pool } : {}) },
    token,
    as: async (userId, purpose) => ({ authorization: `Bearer ${await token(userId)}`, 'x-purpose': purpose }),
    openCase: async (headers, person = participant) =>
      ((await http.post('/api/cases').set(headers).send({ participant: person }).expect(201)).body as { id: string })
        .id,
    allEvents: async () => {
      // The log as of every answer seen: PostgreSQL shows a commit to readers once older transactions end.
      const newest = carried.newest();
      if (newest) await runner.waitFor(newest);
      const events: RecordedEvent[] = [];
      for (;;) {
        const last = events[events.length - 1];
        const page = await state.events.readAll({ ...(last ? { after: last.position } : {}), limit: 1000 });
        if (page.length === 0) return events;
        events.push(...page);
      }
    },
    close: async () => {
      await app.close();
      await pg?.drop();
      dir.remove();
    },
  };
};

export const participant = { givenName: 'Mara', familyName: 'Beispiel', birthDate: '1990-04-01' };

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/**
 * The agent as a real client uses the API: the newest log position any answer named goes with every
 * later request, so a test that writes and then reads a list sees its write. A test may set the
 * header itself.
 */
const carryLogPosition = (
  agent: ReturnType<typeof request>,
): { agent: ReturnType<typeof request>; newest: () => GlobalPosition | undefined } => {
  let newest: GlobalPosition | undefined;
  const carrying = new Proxy(agent, {
    get: (target, property, receiver) => {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || !HTTP_METHODS.includes(String(property))) return value;
      return (url: string, ...rest: unknown[]): Test => {
        const test = (value as (url: string, ...rest: unknown[]) => Test).call(target, url, ...rest);
        if (newest) test.set(LOG_POSITION_HEADER, formatPosition(newest));
        return test.expect((response: Response) => {
          const named = response.headers[LOG_POSITION_HEADER.toLowerCase()];
          if (typeof named !== 'string') return;
          const position = parsePosition(named);
          if (!newest || comparePositions(position, newest) > 0) newest = position;
        });
      };
    },
  });
  return { agent: carrying, newest: () => newest };
};
