import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import {
  describeWithKafka,
  describeWithPostgres,
  kafkaBrokers,
  testDatabaseUrl,
  testSchema,
} from '@fallverbund/testing';
import request, { type Response } from 'supertest';
import { OpenApiResponseValidator } from '../testing/openapi-validation';
import { participant, startTestApp, type TestApp } from '../testing/test-app';

interface HealthBody {
  status: string;
  error?: Record<string, { status: string }>;
  details: Record<string, { status: string }>;
}

/**
 * PostgreSQL as the API sees it through a TCP proxy: closing the proxy and cutting its connections is
 * "PostgreSQL stopped" for the API, without stopping the server the other tests share.
 */
class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Refuses new connections and cuts every open one. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const eventually = async (check: () => Promise<boolean>, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

describeWithPostgres('readiness (postgres)', () => {
  const target = new URL(testDatabaseUrl());
  const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  let schema: Awaited<ReturnType<typeof testSchema>>;
  let t: TestApp;
  // Health routes are asked without the harness's log position (a read that carries one waits for it).
  let raw: ReturnType<typeof request>;

  beforeAll(async () => {
    await proxy.open();
    schema = await testSchema('hl');
    const url = new URL(testDatabaseUrl());
    url.port = String(proxy.port);
    t = await startTestApp('postgres', {
      persistence: {
        kind: 'postgres',
        url: url.toString(),
        schema: schema.schema,
        poolSize: 4,
        masterKey: randomBytes(32),
      },
      health: { maxProjectionLagMs: 1_000, probeTimeoutMs: 1_500 },
    });
    // Answers, the 503 included, are checked against the OpenAPI document all the same.
    raw = OpenApiResponseValidator.forApp(t.app).wrap(request(t.app.getHttpServer()));
  });
  afterAll(async () => {
    await proxy.open().catch(() => undefined);
    await t?.close();
    await schema?.drop();
    await proxy.close();
  });

  const ready = async (): Promise<Response> => raw.get('/api/health/ready');

  it('answers 503 while PostgreSQL is away, stays alive, and is ready again when it returns', async () => {
    const before = await ready();
    expect(before.status).toBe(200);
    expect((before.body as HealthBody).status).toBe('ok');
    expect(Object.keys((before.body as HealthBody).details).sort()).toEqual([
      'auditLog',
      'database',
      'keyStore',
      'projections',
    ]);

    await proxy.close();
    let down: Response | undefined;
    await eventually(async () => {
      down = await ready();
      return down.status === 503;
    }, 10_000);
    const body = down?.body as HealthBody;
    expect(body.status).toBe('error');
    expect(body.error?.['database']?.status).toBe('down');
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|postgres:/);
    await raw.get('/api/health/live').expect(200);
    // Cut connections must not take the process down: wait for the pools to notice.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await raw.get('/api/health/live').expect(200);

    await proxy.open();
    await eventually(async () => (await ready()).status === 200, 15_000);
    // The pools work again: a command goes through.
    const anna = await t.as('anna.coach', 'integration');
    await raw.post('/api/cases').set(anna).send({ participant }).expect(201);
  }, 60_000);

  it('answers 503 while queued audit entries cannot be integrated (the sequencer is stuck)', async () => {
    await eventually(async () => (await ready()).status === 200, 15_000);
    // The sequencer integrates under the head row's lock: holding it stops every sequencer.
    const holder = await schema.pool.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT size FROM "${schema.schema}".audit_log_head FOR UPDATE`);
    let released = false;
    const release = async (): Promise<void> => {
      if (released) return;
      released = true;
      await holder.query('ROLLBACK');
      holder.release();
    };
    try {
      // A read queues its audit entry (durable at once) and answers; integrating it has to wait.
      await raw
        .get('/api/cases')
        .set(await t.as('anna.coach', 'integration'))
        .expect(200);
      const stuck = await ready();
      expect(stuck.status).toBe(503);
      expect((stuck.body as HealthBody).error).toEqual({ auditLog: { status: 'down', message: 'timeout' } });
      await release();
      await eventually(async () => (await ready()).status === 200, 10_000);
    } finally {
      await release();
    }
  }, 60_000);

  it('answers 503 while the projections are further behind the log than READY_MAX_PROJECTION_LAG_MS', async () => {
    await eventually(async () => (await ready()).status === 200, 15_000);
    // Every page of the projections locks their checkpoint rows: a table lock that conflicts with that
    // stops the runner. Not SELECT … FOR UPDATE: a row lock gives the transaction an id, which holds the
    // snapshot's xmin back, and the log shows no event committed after it until it ends.
    const holder = await schema.pool.connect();
    await holder.query('BEGIN');
    await holder.query(`LOCK TABLE "${schema.schema}".projection_checkpoints IN EXCLUSIVE MODE`);
    let released = false;
    const release = async (): Promise<void> => {
      if (released) return;
      released = true;
      await holder.query('ROLLBACK');
      holder.release();
    };
    try {
      const anna = await t.as('anna.coach', 'integration');
      await raw.post('/api/cases').set(anna).send({ participant }).expect(201);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const behind = await ready();
      expect(behind.status).toBe(503);
      const body = behind.body as HealthBody & { error: { projections: { behind: string[]; maxLagMs: number } } };
      expect(Object.keys(body.error)).toEqual(['projections']);
      expect(body.error.projections.maxLagMs).toBeGreaterThan(1_000);
      expect(body.error.projections.behind).toContain('cases');

      await release();
      await eventually(async () => (await ready()).status === 200, 10_000);
    } finally {
      await release();
    }
  }, 60_000);
});

describeWithKafka('readiness with the relay to Kafka in the process', () => {
  const readyWith = async (brokers: string[]): Promise<Response> => {
    const t = await startTestApp('sqlite', {
      relay: { mode: 'embedded', subscribers: [], kafka: { brokers, clientId: 'health-test' } },
      health: { maxProjectionLagMs: 30_000, probeTimeoutMs: 3_000 },
    });
    try {
      return await t.http.get('/api/health/ready');
    } finally {
      await t.close();
    }
  };

  it('checks the broker: up when it answers', async () => {
    const response = await readyWith(kafkaBrokers());
    expect(response.status).toBe(200);
    expect((response.body as HealthBody).details['broker']?.status).toBe('up');
  }, 60_000);

  it('checks the broker: 503 when none answers', async () => {
    // A port nothing listens on.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const response = await readyWith([`127.0.0.1:${port}`]);
    expect(response.status).toBe(503);
    const body = response.body as HealthBody;
    expect(Object.keys(body.error ?? {})).toEqual(['broker']);
    expect(body.details['database']?.status).toBe('up');
  }, 60_000);
});
