import { randomUUID } from 'node:crypto';
import { type AuditEntry, type AuditRecord } from '@fallverbund/audit-log';
import { type NewEvent } from '@fallverbund/event-store';
import { participantStreamId } from '@fallverbund/participant';
import { PROFILES, type TestApp, startTestApp } from '../testing/test-app';
// The browser's verifier itself (see proof-verifier.int.spec.ts).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { type CheckpointKey, type EntryProof, verifyAccessProof } from '../../../web/src/participant/proof';

const ROUTE = 'GET /api/me/cases/{id}/accesses/{index}/proof';

/**
 * The proof of one access to the person's case over HTTP, checked by the browser's verifier: it passes
 * for the entry as recorded and fails for a row changed in the database; on both databases.
 */
describe.each(PROFILES)('GET /api/me/cases/{id}/accesses/{index}/proof (%s)', (profile) => {
  let t: TestApp;
  let caseId: string;
  let otherCaseId: string;
  let lena: Record<string, string>;
  let key: CheckpointKey;

  /** Binds Lena's account to the case as a redeemed invitation does. */
  const bind = async (userId: string, id: string): Promise<void> => {
    const now = new Date().toISOString();
    const event: NewEvent = {
      eventId: randomUUID(),
      type: 'ParticipantBoundToCase',
      schemaVersion: 1,
      data: { userId, caseId: id, invitationId: randomUUID(), boundAt: now },
      metadata: {
        occurredAt: now,
        actor: { userId, agencyId: '(participant)', role: 'participant' },
        purpose: 'data_subject_access',
        correlationId: randomUUID(),
        causationId: null,
      },
    };
    await t.persistence.events.appendToStream(participantStreamId(userId), [event], 'any');
  };
  const recordsOf = async (id: string): Promise<(AuditRecord & { entry: AuditEntry })[]> =>
    (await t.persistence.audit.search({ caseRef: id }, { limit: 1000, order: 'asc' })).filter(
      (r): r is AuditRecord & { entry: AuditEntry } => r.entry !== null,
    );
  /** Anna's reads of a case's data: accesses the person sees. */
  const annasReads = async (id: string): Promise<number[]> =>
    (await recordsOf(id))
      .filter(
        (r) => r.entry.actor.userId === 'anna.coach' && r.entry.action === 'read' && r.entry.categories.length > 0,
      )
      .map((r) => r.index);
  const proofOf = async (id: string, index: number): Promise<EntryProof> =>
    (await t.http.get(`/api/me/cases/${id}/accesses/${index}/proof`).set(lena).expect(200)).body as EntryProof;
  const entriesSince = async (size: number): Promise<AuditEntry[]> =>
    (await t.persistence.audit.read(size, 100)).flatMap((r) => (r.entry ? [r.entry] : []));

  /** What someone with write access to the database does to one row: Anna's read now looks as if for another purpose. */
  const setPurpose = async (index: number, purpose: string): Promise<void> => {
    const table = t.location.schema ? `"${t.location.schema}".audit_log` : 'audit_log';
    if (t.location.pool)
      await t.location.pool.query(`UPDATE ${table} SET entry = jsonb_set(entry, '{purpose}', $1) WHERE idx = $2`, [
        JSON.stringify(purpose),
        index,
      ]);
    else
      await t.persistence.readModelLock.run(() =>
        t.persistence.dataSource.query(`UPDATE ${table} SET entry = json_set(entry, '$.purpose', ?) WHERE idx = ?`, [
          purpose,
          index,
        ]),
      );
  };

  beforeAll(async () => {
    t = await startTestApp(profile);
    const anna = await t.as('anna.coach', 'integration');
    caseId = await t.openCase(anna);
    otherCaseId = await t.openCase(anna);
    for (const id of [caseId, caseId, otherCaseId]) await t.http.get(`/api/cases/${id}`).set(anna).expect(200);
    await bind('lena.teilnehmerin', caseId);
    lena = { authorization: `Bearer ${await t.token('lena.teilnehmerin')}` };
    key = (await t.http.get('/api/audit/checkpoint-key').expect(200)).body as CheckpointKey;
  });
  afterAll(() => t.close());

  it('proves an access to the case, and the browser verifier accepts it; the read is on record as the participant’s', async () => {
    const [index] = await annasReads(caseId);
    const before = await t.persistence.audit.size();
    const proof = await proofOf(caseId, index!);
    expect(proof).toMatchObject({ index, entry: { caseRef: caseId, actor: { userId: 'anna.coach' } } });
    expect(proof.checkpoint).toMatchObject({ keyId: key.keyId, treeSize: proof.inclusion.treeSize });
    expect(proof.checkpoint.treeSize).toBeGreaterThan(index!);
    expect(await verifyAccessProof(proof, key)).toEqual({
      valid: true,
      passed: ['format', 'key', 'signature', 'entry', 'inclusion'],
    });
    expect(await entriesSince(before)).toMatchObject([
      {
        actor: { userId: 'lena.teilnehmerin', role: 'participant' },
        route: ROUTE,
        caseRef: caseId,
        categories: [],
        purpose: 'data_subject_access',
        decision: 'permit',
        outcome: 200,
      },
    ]);
  });

  it('fails in the verifier for an entry altered in the database, while an unaltered one still passes', async () => {
    const [altered, untouched] = await annasReads(caseId);
    await setPurpose(altered!, 'coordination');
    try {
      const proof = await proofOf(caseId, altered!);
      expect((proof.entry as AuditEntry).purpose).toBe('coordination');
      expect(await verifyAccessProof(proof, key)).toMatchObject({
        valid: false,
        step: 'entry',
        reason: 'the entry does not match the digest the log recorded for it',
      });
      // Without the stored digest the altered entry's leaf leads to another root than the signed one.
      expect(await verifyAccessProof({ ...proof, digest: undefined }, key)).toMatchObject({
        valid: false,
        step: 'inclusion',
      });
      expect(await verifyAccessProof(await proofOf(caseId, untouched!), key)).toMatchObject({ valid: true });
    } finally {
      await setPurpose(altered!, 'integration');
    }
    expect(await verifyAccessProof(await proofOf(caseId, altered!), key)).toMatchObject({ valid: true });
  });

  it('answers 404 for another case, another case’s entry, the person’s own reads and indexes beyond the log; refusals on record', async () => {
    const [index] = await annasReads(caseId);
    const [othersEntry] = await annasReads(otherCaseId);
    const ownRead = (await recordsOf(caseId)).find((r) => r.entry.actor.role === 'participant')!.index;
    const size = await t.persistence.audit.size();
    const refused = async (id: string, i: number | string, code: string): Promise<void> => {
      const before = await t.persistence.audit.size();
      const response = await t.http.get(`/api/me/cases/${id}/accesses/${i}/proof`).set(lena).expect(404);
      expect((response.body as { code: string }).code).toBe(code);
      expect(await entriesSince(before)).toMatchObject([
        { actor: { role: 'participant' }, route: ROUTE, caseRef: id, decision: 'deny', outcome: 404 },
      ]);
    };
    await refused(otherCaseId, othersEntry!, 'CASE.NOT_FOUND');
    await refused(randomUUID(), index!, 'CASE.NOT_FOUND');
    await refused(caseId, othersEntry!, 'ACCESS_ENTRY.NOT_FOUND');
    await refused(caseId, ownRead, 'ACCESS_ENTRY.NOT_FOUND');
    await refused(caseId, size + 10, 'ACCESS_ENTRY.NOT_FOUND');
  });

  it('has no proof for a child-protection access until the release date the DPO set has passed', async () => {
    const claraCp = await t.as('clara.youth', 'child_protection');
    await t.http
      .post(`/api/cases/${caseId}/child-protection-declarations`)
      .set(claraCp)
      .send({ justification: 'Meldung der Kita: Hinweise auf akute Kindeswohlgefährdung' })
      .expect(201);
    await t.http.get(`/api/cases/${caseId}`).set(claraCp).expect(200);
    const heldBack = (await recordsOf(caseId)).filter(
      (r) => r.entry.actor.userId === 'clara.youth' && r.entry.purpose === 'child_protection',
    );
    expect(heldBack.length).toBeGreaterThan(0);
    for (const { index } of heldBack) {
      const response = await t.http.get(`/api/me/cases/${caseId}/accesses/${index}/proof`).set(lena).expect(404);
      expect((response.body as { code: string }).code).toBe('ACCESS_ENTRY.NOT_FOUND');
    }
    const dpo = await t.as('frieda.dpo', 'audit');
    await t.http
      .put(`/api/audit/deferrals/${caseId}`)
      .set(dpo)
      .send({ releaseAt: new Date(Date.now() - 60_000).toISOString(), reason: 'child_protection_8a' })
      .expect(200);
    for (const { index } of heldBack)
      expect(await verifyAccessProof(await proofOf(caseId, index), key)).toMatchObject({ valid: true });
  });

  it('refuses staff tokens and malformed indexes', async () => {
    const [index] = await annasReads(caseId);
    const anna = await t.as('anna.coach', 'integration');
    const staff = await t.http.get(`/api/me/cases/${caseId}/accesses/${index}/proof`).set(anna).expect(403);
    expect((staff.body as { code: string }).code).toBe('AUTH.PARTICIPANT_ONLY');
    for (const bad of ['abc', '-1', '1.5']) {
      const response = await t.http.get(`/api/me/cases/${caseId}/accesses/${bad}/proof`).set(lena).expect(400);
      expect((response.body as { code: string }).code).toBe('REQUEST.VALIDATION');
    }
  });

  it('signs no checkpoint, and gives no proof, when the stored log does not extend its newest checkpoint', async () => {
    await proofOf(caseId, (await annasReads(caseId))[0]!); // a checkpoint now covers the case's first access
    const latest = (await t.persistence.audit.latestCheckpoint())!;
    await t.http
      .get(`/api/cases/${caseId}`)
      .set(await t.as('anna.coach', 'integration'))
      .expect(200);
    const [newest] = (await annasReads(caseId)).slice(-1);
    expect(newest).toBeGreaterThanOrEqual(latest.treeSize);
    const table = t.location.schema ? `"${t.location.schema}".audit_checkpoints` : 'audit_checkpoints';
    const setRoot = (root: string): Promise<unknown> =>
      t.location.pool
        ? t.location.pool.query(`UPDATE ${table} SET root_hash = $1 WHERE tree_size = $2`, [root, latest.treeSize])
        : t.persistence.readModelLock.run(() =>
            t.persistence.dataSource.query(`UPDATE ${table} SET root_hash = ? WHERE tree_size = ?`, [
              root,
              latest.treeSize,
            ]),
          );
    await setRoot('00'.repeat(32));
    try {
      const response = await t.http.get(`/api/me/cases/${caseId}/accesses/${newest}/proof`).set(lena).expect(500);
      expect((response.body as { code: string }).code).toBe('AUDIT.LOG_INCONSISTENT');
      expect((await t.persistence.audit.latestCheckpoint())?.treeSize).toBe(latest.treeSize);
    } finally {
      await setRoot(latest.rootHash);
    }
    expect(await verifyAccessProof(await proofOf(caseId, newest!), key)).toMatchObject({ valid: true });
  });
});
