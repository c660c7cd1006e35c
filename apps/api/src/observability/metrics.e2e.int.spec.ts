import { randomUUID } from 'node:crypto';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { participant, PROFILES, startTestApp, type TestApp } from '../testing/test-app';

type Families = ReturnType<typeof parsePrometheusTextFormat>;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

const samplesOf = (families: Families, name: string) =>
  families.filter((f) => f.name === name).flatMap((f) => f.metrics);
const sampleWith = (families: Families, name: string, labels: Record<string, string>) =>
  samplesOf(families, name).find((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));

/**
 * /api/metrics as Prometheus scrapes it, parsed with a Prometheus text-format parser: the series
 * count what was asked, by route template and code, and no label value names a case or a person.
 */
describe.each(PROFILES)('metrics (%s)', (profile) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(profile);
  });
  afterAll(() => t.close());

  const scrape = async (): Promise<{ text: string; families: Families }> => {
    const response = await t.http.get('/api/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    // parse-prometheus-text-format keeps one label set of a labelled histogram; read without their
    // TYPE lines, histograms are untyped samples (`<name>_bucket`, `_sum`, `_count`) with every label.
    const untypedHistograms = response.text.replace(/^# TYPE \S+ histogram$/gm, '');
    return { text: response.text, families: parsePrometheusTextFormat(untypedHistograms) };
  };

  it('counts requests by route template, commands by name and refusals by code, and names nobody', async () => {
    const anna = await t.as('anna.coach', 'integration');
    const opened = await t.http.post('/api/cases').set(anna).send({ participant }).expect(201);
    const caseId = (opened.body as { id: string }).id;
    await t.http.get(`/api/cases/${caseId}`).set(anna).expect(200);
    await t.http.get(`/api/cases/${caseId}`).set(anna).expect(200);
    const refused = await t.http.get(`/api/cases/${caseId}`).set({ authorization: anna['authorization'] }).expect(400);
    expect((refused.body as { code: string }).code).toBe('REQUEST.PURPOSE_MISSING');
    await t.http.get(`/api/cases/${randomUUID()}/no-such-thing`).set(anna).expect(404);
    // A command the domain refuses: the opener is on the team already.
    const again = await t.http
      .post(`/api/cases/${caseId}/team-members`)
      .set(anna)
      .send({ userId: 'anna.coach' })
      .expect(409);
    const refusedCommand = (again.body as { code: string }).code;

    const { text, families } = await scrape();

    const requests = (labels: Record<string, string>) =>
      sampleWith(families, 'http_request_duration_seconds_count', labels)?.value;
    expect(requests({ method: 'GET', route: '/api/cases/{id}', status: '200' })).toBe('2');
    expect(requests({ method: 'GET', route: '/api/cases/{id}', status: '400' })).toBe('1');
    expect(requests({ method: 'POST', route: '/api/cases', status: '201' })).toBe('1');
    expect(requests({ method: 'GET', route: 'none', status: '404' })).toBe('1');
    expect(sampleWith(families, 'fallverbund_commands_total', { command: 'OpenCase', outcome: 'ok' })?.value).toBe('1');
    expect(sampleWith(families, 'fallverbund_refusals_total', { code: 'REQUEST.PURPOSE_MISSING' })?.value).toBe('1');
    expect(sampleWith(families, 'fallverbund_refusals_total', { code: 'ROUTE.NOT_FOUND' })?.value).toBe('1');
    expect(
      sampleWith(families, 'fallverbund_commands_total', { command: 'AddTeamMember', outcome: refusedCommand })?.value,
    ).toBe('1');
    expect(sampleWith(families, 'fallverbund_refusals_total', { code: refusedCommand })?.value).toBe('1');
    expect(Number(samplesOf(families, 'fallverbund_audit_checkpoint_age_seconds')[0]?.value)).toBeGreaterThanOrEqual(0);
    // The read's audit entries were timed (two permitted reads and the refusal's deny entry).
    const audit = samplesOf(families, 'fallverbund_audit_append_duration_seconds_count')[0];
    expect(Number(audit?.value)).toBeGreaterThanOrEqual(2);

    const projections = samplesOf(families, 'fallverbund_projection_lag_seconds')
      .map((s) => s.labels?.['projection'])
      .sort();
    expect(projections).toEqual(t.persistence.projections.map((p) => p.name).sort());
    expect(samplesOf(families, 'process_cpu_user_seconds_total')).toHaveLength(1);

    const values = families.flatMap((f) => f.metrics.flatMap((s) => Object.values(s.labels ?? {})));
    expect(values.length).toBeGreaterThan(10);
    expect(values.filter((v) => UUID.test(v) || v.includes(caseId))).toEqual([]);
    expect(values.filter((v) => /Mara|Beispiel|1990-04-01|anna/i.test(v))).toEqual([]);
    expect(text).not.toContain(caseId);
  });

  it('is public: no token, no purpose, no audit entry', async () => {
    const before = await t.persistence.audit.size();
    await t.http.get('/api/metrics').expect(200);
    await t.http.get('/api/health/live').expect(200);
    await t.http.get('/api/health/ready').expect(200);
    await t.persistence.audit.sync();
    expect(await t.persistence.audit.size()).toBe(before);
  });

  if (profile === 'sqlite')
    it('carries the series of the relay when it runs in the process', async () => {
      const relaying = await startTestApp(profile, { relay: { mode: 'embedded', subscribers: [] } });
      try {
        const anna = await relaying.as('anna.coach', 'integration');
        await relaying.http.post('/api/cases').set(anna).send({ participant }).expect(201);
        let text = '';
        const deadline = Date.now() + 10_000;
        do {
          text = (await relaying.http.get('/api/metrics').expect(200)).text;
          if (/^fallverbund_relay_backlog_events 0$/m.test(text)) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        } while (Date.now() < deadline);
        expect(text).toMatch(/^fallverbund_relay_backlog_events 0$/m);
        expect(text).toMatch(/^fallverbund_relay_lag_seconds 0$/m);
        expect(text).toMatch(/^fallverbund_relay_leading 1$/m);
        expect(text).toMatch(/^fallverbund_relay_messages_total [1-9]\d*$/m);
        // The other app of this file has no relay, and its own registry.
        expect((await t.http.get('/api/metrics').expect(200)).text).not.toContain('fallverbund_relay_');
      } finally {
        await relaying.close();
      }
    });
});
