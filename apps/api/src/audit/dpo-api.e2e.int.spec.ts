import { randomUUID } from 'node:crypto';
import {
  type AuditEntry,
  type AuditRecord,
  type Checkpoint,
  verifyCheckpoint,
  verifyCheckpointConsistency,
  verifyLog,
  verifyRecordAgainstCheckpoint,
} from '@fallverbund/audit-log';
import { fromHex } from '@fallverbund/audit-merkle';
import { type AccessReport, type AccessSignal, TEST_AUDIT_CONFIG } from '@fallverbund/cases-application';
import { sleep } from '@fallverbund/testing';
import { PROFILES, type TestApp, participant, startTestApp } from '../testing/test-app';

interface Found {
  items: { index: number; entry: AuditEntry; leafHash: string }[];
  next: number | null;
}

/**
 * The DPO's side of the access log over HTTP: search, checkpoints, proofs that verify with the
 * offline libraries, an export that verifies, verification that names a changed row, the subject
 * access report and the unusual-access signals; on both databases.
 */
describe.each(PROFILES)('the access log for data protection officers (%s)', (profile) => {
  let t: TestApp;
  let caseId: string;
  let otherCaseId: string;
  let consentId: string;
  const as = (userId: string, purpose: string) => t.as(userId, purpose);
  const dpo = () => as('frieda.dpo', 'audit');
  /** A request as the DPO with purpose audit, expecting `status`; its body. */
  const asDpo = async (method: 'get' | 'post', path: string, status: number): Promise<unknown> =>
    (
      await t.http[method](path)
        .set(await dpo())
        .expect(status)
    ).body as unknown;
  const search = async (query: string): Promise<Found> =>
    (await asDpo('get', `/api/audit/entries?${query}`, 200)) as Found;

  beforeAll(async () => {
    t = await startTestApp(profile);
    const anna = await as('anna.coach', 'integration');
    caseId = await t.openCase(anna);
    otherCaseId = await t.openCase(anna);
    await t.http.post(`/api/cases/${caseId}/team-members`).set(anna).send({ userId: 'clara.youth' }).expect(201);
    consentId = (
      (
        await t.http
          .post(`/api/cases/${caseId}/consents`)
          .set(anna)
          .send({
            purposes: ['youth_support'],
            dataCategories: ['identity', 'case_admin'],
            recipientAgencyIds: ['jugendamt-mitte'],
            form: 'written',
            grantedBy: 'participant',
          })
          .expect(201)
      ).body as { id: string }
    ).id;
    const clara = await as('clara.youth', 'youth_support');
    await t.http.get(`/api/cases/${caseId}`).set(clara).expect(200);
    await t.http.get(`/api/cases/${otherCaseId}`).set(clara).expect(404);
  });
  afterAll(() => t.close());

  it('finds entries by case, actor, decision, legal basis and time, and pages through them', async () => {
    const byCase = await search(`caseId=${caseId}&order=asc`);
    expect(byCase.items.length).toBeGreaterThanOrEqual(5);
    expect(byCase.items.every((i) => i.entry.caseRef === caseId)).toBe(true);
    expect(byCase.items.map((i) => i.index)).toEqual([...byCase.items.map((i) => i.index)].sort((a, b) => a - b));

    const consentRead = await search(`legalBasis=consent:&userId=clara.youth`);
    expect(consentRead.items.map((i) => i.entry)).toMatchObject([
      { action: 'read', caseRef: caseId, decision: 'permit', legalBasis: [`consent:${consentId}`], disclosure: true },
    ]);
    const denied = await search(`userId=clara.youth&decision=deny`);
    expect(denied.items.map((i) => [i.entry.caseRef, i.entry.outcome])).toEqual([[otherCaseId, 404]]);
    expect((await search(`agencyId=jugendamt-mitte&purpose=youth_support`)).items).toHaveLength(2);
    expect((await search(`breakGlass=true`)).items).toEqual([]);
    expect((await search(`from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z`)).items).toEqual([]);

    const pages: number[] = [];
    let after: number | null = null;
    do {
      const page: Found = await search(`caseId=${caseId}&limit=2${after === null ? '' : `&after=${after}`}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      // The searches themselves are entries about this case too; they are newer than the first search.
      pages.push(...page.items.filter((i) => i.entry.action !== 'audit').map((i) => i.index));
      after = page.next;
    } while (after !== null);
    expect(pages).toEqual(
      byCase.items
        .filter((i) => i.entry.action !== 'audit')
        .map((i) => i.index)
        .reverse(),
    );
  });

  it('refuses other roles and other purposes with 403, and records the refusal', async () => {
    const before = await t.persistence.audit.size();
    const refused = await t.http
      .get('/api/audit/entries')
      .set(await as('anna.coach', 'audit'))
      .expect(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    await t.http
      .get('/api/audit/verify')
      .set(await as('frieda.dpo', 'integration'))
      .expect(403);
    const entries = (await t.persistence.audit.read(before, 10)).map((r) => r.entry);
    expect(entries).toMatchObject([
      {
        action: 'audit',
        route: 'GET /api/audit/entries',
        decision: 'deny',
        outcome: 403,
        actor: { userId: 'anna.coach' },
      },
      {
        action: 'audit',
        route: 'GET /api/audit/verify',
        decision: 'deny',
        outcome: 403,
        actor: { userId: 'frieda.dpo' },
      },
    ]);
  });

  it('answers bad queries with 400 problem+json and records nothing', async () => {
    const before = await t.persistence.audit.size();
    for (const query of ['decision=maybe', 'from=yesterday', 'limit=0', 'caseId=nope', 'breakGlass=1', 'order=up']) {
      const response = await t.http.get(`/api/audit/entries?${query}`).set(await dpo());
      expect([query, response.status, (response.body as { code: string }).code]).toEqual([
        query,
        400,
        'REQUEST.VALIDATION',
      ]);
    }
    const proof = await t.http.get('/api/audit/proofs/inclusion?index=999999').set(await dpo());
    expect([proof.status, (proof.body as { code: string }).code]).toEqual([400, 'AUDIT.OUT_OF_RANGE']);
    // The out-of-range proof was permitted (and recorded) before it was refused as out of range.
    expect((await t.persistence.audit.read(before, 10)).map((r) => r.entry?.route)).toEqual([
      'GET /api/audit/proofs/inclusion',
    ]);
  });

  it('signs checkpoints whose proofs verify with the offline libraries', async () => {
    const first = (await asDpo('post', '/api/audit/checkpoints', 201)) as {
      checkpoint: Checkpoint;
      publicKeyPem: string;
    };
    expect(verifyCheckpoint(first.checkpoint, first.publicKeyPem)).toEqual({ valid: true });
    const latest = (await asDpo('get', '/api/audit/checkpoints/latest', 200)) as {
      checkpoint: Checkpoint;
    };
    expect(latest.checkpoint).toEqual(first.checkpoint);

    // Clara's permitted read, proven against the checkpoint the DPO kept.
    const [read] = (await search(`legalBasis=consent:&userId=clara.youth`)).items;
    const inclusion = (await asDpo(
      'get',
      `/api/audit/proofs/inclusion?index=${read!.index}&treeSize=${first.checkpoint.treeSize}`,
      200,
    )) as { record: AuditRecord; proof: string[]; rootHash: string };
    expect(inclusion.rootHash).toBe(first.checkpoint.rootHash);
    expect(inclusion.record.entry).toEqual(read!.entry);
    const proof = inclusion.proof.map(fromHex);
    expect(verifyRecordAgainstCheckpoint(inclusion.record, proof, first.checkpoint, first.publicKeyPem)).toEqual({
      valid: true,
    });
    const forged = { ...inclusion.record, entry: { ...inclusion.record.entry!, purpose: 'coordination' } };
    expect(verifyRecordAgainstCheckpoint(forged, proof, first.checkpoint, first.publicKeyPem).valid).toBe(false);

    await t.http
      .get(`/api/cases/${caseId}`)
      .set(await as('anna.coach', 'integration'))
      .expect(200);
    const second = (await asDpo('post', '/api/audit/checkpoints', 201)) as {
      checkpoint: Checkpoint;
    };
    expect(second.checkpoint.treeSize).toBeGreaterThan(first.checkpoint.treeSize);
    const consistency = (await asDpo(
      'get',
      `/api/audit/proofs/consistency?from=${first.checkpoint.treeSize}&to=${second.checkpoint.treeSize}`,
      200,
    )) as { proof: string[]; fromRoot: string; toRoot: string };
    expect([consistency.fromRoot, consistency.toRoot]).toEqual([first.checkpoint.rootHash, second.checkpoint.rootHash]);
    expect(verifyCheckpointConsistency(first.checkpoint, second.checkpoint, consistency.proof.map(fromHex))).toEqual({
      valid: true,
    });
  });

  it('exports a log that verifies offline against the kept checkpoint', async () => {
    const { checkpoint, publicKeyPem } = (await asDpo('post', '/api/audit/checkpoints', 201)) as {
      checkpoint: Checkpoint;
      publicKeyPem: string;
    };
    const response = await t.http
      .get('/api/audit/export')
      .set(await dpo())
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('application/x-ndjson');
    const lines = (response.body as string)
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as unknown);
    expect(lines.length).toBeGreaterThan(checkpoint.treeSize);
    const verdict = await verifyLog(lines, { checkpoint, publicKeyPem });
    expect(verdict).toMatchObject({ valid: true });
    expect(JSON.stringify(lines)).not.toContain(participant.familyName);
  });

  it('verifies the stored log, and names the row that was changed behind its back', async () => {
    const good = (await asDpo('get', '/api/audit/verify', 200)) as {
      valid: boolean;
      size: number;
      checkpointChecked: boolean;
    };
    expect(good).toMatchObject({ valid: true, checkpointChecked: true });
    const [target] = (await search(`legalBasis=consent:&userId=clara.youth`)).items;
    // Someone with database access makes Clara's read look like it was for another purpose.
    const setPurpose = async (purpose: string): Promise<void> => {
      const table = t.location.schema ? `"${t.location.schema}".audit_log` : 'audit_log';
      if (t.location.pool) {
        await t.location.pool.query(`UPDATE ${table} SET entry = jsonb_set(entry, '{purpose}', $1) WHERE idx = $2`, [
          JSON.stringify(purpose),
          target!.index,
        ]);
      } else {
        await t.persistence.readModelLock.run(() =>
          t.persistence.dataSource.query(`UPDATE ${table} SET entry = json_set(entry, '$.purpose', ?) WHERE idx = ?`, [
            purpose,
            target!.index,
          ]),
        );
      }
    };
    await setPurpose('coordination');
    const bad = (await asDpo('get', '/api/audit/verify', 200)) as {
      valid: boolean;
      firstBadIndex: number;
      reason: string;
    };
    expect(bad).toMatchObject({ valid: false, firstBadIndex: target!.index });
    expect(bad.reason).toContain('digest');
    // Put it back, for the tests after this one.
    await setPurpose('youth_support');
    expect(((await asDpo('get', '/api/audit/verify', 200)) as { valid: boolean }).valid).toBe(true);
  });

  it('gives the lead caseworker and the DPO a subject access report, as JSON and as a page', async () => {
    const anna = await as('anna.coach', 'integration');
    const report = (await t.http.get(`/api/cases/${caseId}/access-report`).set(anna).expect(200)).body as AccessReport;
    const jugendamt = report.recipients.find((r) => r.agencyId === 'jugendamt-mitte');
    expect(jugendamt).toMatchObject({
      agencyName: 'Jugendamt Mitte',
      people: [{ userId: 'clara.youth' }],
      purposes: ['youth_support'],
      legalBases: [`consent:${consentId}`],
      disclosure: true,
    });
    expect(jugendamt?.categories).toEqual(['case_admin', 'identity']);
    expect(report.recipients.map((r) => r.agencyId).sort()).toEqual(['jobcenter-mitte', 'jugendamt-mitte']);
    expect(report.accesses.every((a) => a.categories.length > 0)).toBe(true);
    expect(report.log.checkpoint).not.toBeNull();
    // The report is for the participant: it names them (opened from the vault, recorded as identity).
    expect(report.participant).toEqual(participant);

    const page = await t.http
      .get(`/api/cases/${caseId}/access-report`)
      .set(anna)
      .set('accept', 'text/html')
      .expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('Auskunft über Zugriffe auf Ihre Daten');
    expect(page.text).toContain('Jugendamt Mitte');
    expect(page.text).toContain(`${participant.givenName} ${participant.familyName}`);
    const today = new Date().toLocaleDateString('de-DE', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/Berlin',
    });
    expect(page.text).toContain(`Ihre schriftliche Einwilligung vom ${today}`);
    expect(page.text).not.toContain(consentId);
    expect(page.text).not.toContain('clara.youth');

    await t.http
      .get(`/api/cases/${caseId}/access-report`)
      .set(await dpo())
      .expect(200);
    await t.http
      .get(`/api/cases/${caseId}/access-report`)
      .set(await as('frieda.dpo', 'integration'))
      .expect(403);
    await t.http
      .get(`/api/cases/${caseId}/access-report`)
      .set(await as('clara.youth', 'youth_support'))
      .expect(403);
    await t.http
      .get(`/api/cases/${otherCaseId}/access-report`)
      .set(await as('clara.youth', 'youth_support'))
      .expect(404);
    const recorded = await search(`action=access_report&caseId=${caseId}&order=asc`);
    expect(
      recorded.items.map((i) => [i.entry.actor.userId, i.entry.decision, i.entry.outcome, i.entry.categories]),
    ).toEqual([
      ['anna.coach', 'permit', 200, ['identity']],
      ['anna.coach', 'permit', 200, ['identity']],
      ['frieda.dpo', 'permit', 200, ['identity']],
      ['frieda.dpo', 'deny', 403, []],
      ['clara.youth', 'deny', 403, []],
    ]);
  });

  it('signals repeated attempts outside the caseload, not a single one', async () => {
    const signalsNow = async () =>
      ((await asDpo('get', '/api/audit/signals', 200)) as { signals: AccessSignal[] }).signals.filter(
        (s) => s.kind === 'outside_caseload',
      );
    // Clara's one 404 (beforeAll) is a stray look, not probing.
    expect(await signalsNow()).toEqual([]);
    const clara = await as('clara.youth', 'youth_support');
    const probed = Array.from({ length: 5 }, () => randomUUID());
    for (const id of probed) await t.http.get(`/api/cases/${id}`).set(clara).expect(404);
    expect(await signalsNow()).toEqual([
      expect.objectContaining({
        kind: 'outside_caseload',
        actor: { userId: 'clara.youth', role: 'caseworker', agencyId: 'jugendamt-mitte' },
        attempts: 6,
        cases: 6,
      }),
    ]);
  });
});

describe('checkpoints on a timer', () => {
  it('signs the head when the log has grown, and not again while it has not', async () => {
    const t = await startTestApp('sqlite', { audit: { ...TEST_AUDIT_CONFIG, checkpointIntervalMs: 100 } });
    try {
      await t.openCase(await t.as('anna.coach', 'integration'));
      const size = await t.persistence.audit.size();
      let checkpoint = await t.persistence.audit.latestCheckpoint();
      for (let waited = 0; !checkpoint && waited < 10_000; waited += 50) {
        await sleep(50);
        checkpoint = await t.persistence.audit.latestCheckpoint();
      }
      expect(checkpoint?.treeSize).toBe(size);
      await sleep(400);
      expect(await t.persistence.audit.latestCheckpoint()).toEqual(checkpoint);
    } finally {
      await t.close();
    }
  });
});
