import { type TestApp, participant, startTestApp } from '../testing/test-app';

/** The request log: one JSON line per request with the route template, never a value of the request. */
describe('the request log', () => {
  let t: TestApp;
  const lines: string[] = [];
  const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const lineOf = (requestId: unknown) => logged().find((l) => l['requestId'] === requestId && 'status' in l);

  beforeAll(async () => {
    t = await startTestApp('sqlite', { logging: { destination: { write: (line: string) => lines.push(line) } } });
  });
  afterAll(() => t.close());

  it('has method, route template, status, duration, request and correlation id, an ISO time, and no personal data', async () => {
    const anna = await t.as('anna.coach', 'integration');
    const caseId = await t.openCase(anna);
    const read = await t.http.get(`/api/cases/${caseId}`).set(anna).set('x-correlation-id', 'trace-4711').expect(200);
    expect((read.body as { participant: unknown }).participant).toEqual(participant);
    const list = await t.http.get('/api/cases?limit=5&offset=0').set(anna).expect(200);
    const deep = await t.http
      .post('/api/cases')
      .set(anna)
      .set('content-type', 'application/json')
      .send(`{"participant":${'['.repeat(40)}"${participant.familyName}"${']'.repeat(40)}}`)
      .expect(400);
    const unknown = await t.http.get(`/api/nothing/${participant.givenName}`).set(anna).expect(404);

    expect(lineOf(read.headers['x-request-id'])).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/) as unknown,
      service: 'fallverbund-api',
      requestId: read.headers['x-request-id'],
      correlationId: 'trace-4711',
      method: 'GET',
      route: '/api/cases/{id}',
      status: 200,
      durationMs: expect.any(Number) as unknown,
      msg: 'GET /api/cases/{id} 200',
    });
    expect(lineOf(list.headers['x-request-id'])).toMatchObject({ route: '/api/cases', status: 200 });
    // Refused before routing, by the edge: still its route's template.
    expect(lineOf(deep.headers['x-request-id'])).toMatchObject({ method: 'POST', route: '/api/cases', status: 400 });
    expect(lineOf(unknown.headers['x-request-id'])).toMatchObject({ route: null, status: 404 });

    const text = lines.join('');
    for (const secret of [caseId, participant.givenName, participant.familyName, participant.birthDate, 'limit=5'])
      expect([secret, text.includes(secret)]).toEqual([secret, false]);
    expect(text).not.toMatch(/Bearer|authorization|eyJ/i);
  });
});
