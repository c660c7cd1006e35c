import request from 'supertest';
import { participant, PROFILES, startTestApp, type TestApp } from '../testing/test-app';
import { LOG_POSITION_HEADER } from './log-position.interceptor';

interface Page {
  items: { id: string }[];
}

const POSITION = /^\d+\/\d+$/;
const header = LOG_POSITION_HEADER.toLowerCase();

/**
 * Read-your-writes: a command answers with its log position and does not wait for the read models;
 * a request that sends the position back waits until they have reached it.
 */
describe.each(PROFILES)('log position (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  // Without the test harness's own carrying of the header.
  let raw: ReturnType<typeof request>;
  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.as('anna.coach', 'integration');
    raw = request(t.app.getHttpServer());
  });
  afterAll(() => t.close());

  const listed = async (position?: string) => {
    const get = raw.get('/api/cases?limit=100').set(anna);
    if (position) get.set(LOG_POSITION_HEADER, position);
    return ((await get.expect(200)).body as Page).items.map((c) => c.id);
  };

  it('answers a command with the position of what it appended, and a read without one with none', async () => {
    const opened = await raw.post('/api/cases').set(anna).send({ participant }).expect(201);
    const position = opened.headers[header];
    expect(position).toMatch(POSITION);
    const read = await raw
      .get(`/api/cases/${(opened.body as { id: string }).id}`)
      .set(anna)
      .set(LOG_POSITION_HEADER, String(position))
      .expect(200);
    expect(read.headers[header]).toBeUndefined();

    const next = await raw.post('/api/cases').set(anna).send({ participant }).expect(201);
    const [commit, prepare] = String(next.headers[header]).split('/').map(BigInt);
    const [commitBefore, prepareBefore] = String(position).split('/').map(BigInt);
    expect(commit! > commitBefore! || (commit === commitBefore && prepare! > prepareBefore!)).toBe(true);
  });

  it.each(['soon', '12', '1/2/3', '-1/2', ' /1', '1/2, 3/4', `${'9'.repeat(60)}/1`])(
    'refuses the malformed position %j with a 400 problem',
    async (value) => {
      const response = await raw.get('/api/cases').set(anna).set(LOG_POSITION_HEADER, value).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((response.body as { code: string }).code).toBe('REQUEST.LOG_POSITION_MALFORMED');
    },
  );

  if (profile === 'sqlite') {
    it('answers from where the read models stand once the wait is over (5 s)', async () => {
      const started = Date.now();
      await listed(`${Number.MAX_SAFE_INTEGER}/1`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
    }, 15_000);
  }

  // On PostgreSQL every page of the projections locks their checkpoint rows: holding them stops the
  // runner, in this thread or in its worker.
  if (profile === 'postgres') {
    it('lets a read that carries the position wait until the read models show the write', async () => {
      const { pool, schema } = t.location;
      if (!pool) throw new Error('the postgres profile has a pool');
      const holder = await pool.connect();
      await holder.query('BEGIN');
      await holder.query(`SELECT name FROM ${schema ? `"${schema}".` : ''}projection_checkpoints FOR UPDATE`);
      let released = false;
      const release = async (): Promise<void> => {
        if (released) return;
        released = true;
        await holder.query('ROLLBACK');
        holder.release();
      };
      try {
        // The command does not wait for the projections.
        const opened = await raw.post('/api/cases').set(anna).send({ participant }).expect(201);
        const id = (opened.body as { id: string }).id;
        const position = String(opened.headers[header]);

        expect(await listed()).not.toContain(id);
        let answered = false;
        const waiting = listed(position).then((ids) => {
          answered = true;
          return ids;
        });
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect(answered).toBe(false);
        await release();
        expect(await waiting).toContain(id);
      } finally {
        await release();
      }
    });
  }
});
