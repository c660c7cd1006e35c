import { verifyLog } from '@fallverbund/audit-log';
import { CaseRepository, ProjectionRunner, RetentionScheduleRow } from '@fallverbund/cases-application';
import { rawContent } from '../testing/raw-content';
import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';
import { createApp } from '../app/create-app';
import { RETENTION_SCHEDULER_USER, RetentionScheduler } from './retention-scheduler.service';

const erased = { givenName: 'Quirinella', familyName: 'Wasserspeier', birthDate: '1961-03-14' };
const held = { givenName: 'Baldewin', familyName: 'Klappertopf', birthDate: '1958-09-30' };
const declined = { givenName: 'Ottilie', familyName: 'Sturmvogel', birthDate: '1964-11-02' };
const open = { givenName: 'Ruprecht', familyName: 'Nebelhorn', birthDate: '1970-01-12' };
const summary = 'Beratung zur Schuldenregulierung in Kleinkummerfeld vereinbart';
const traces = [erased.givenName, erased.familyName, declined.givenName, declined.familyName, summary];

const day = (iso: string) => new Date(iso);

describe.each(PROFILES)('retention scheduler (%s)', (profile) => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('offers a closed SGB II file to the archive after ten years, erases it four months later or on the answer, and leaves held and undue cases alone', async () => {
    t = await startTestApp(profile);
    const anna = await t.as('anna.coach', 'integration');
    const dpo = await t.as('frieda.dpo', 'audit');
    const scheduler = t.app.get(RetentionScheduler);
    const runner = t.app.get(ProjectionRunner);
    const settle = async () => {
      const all = await t.allEvents();
      const last = all[all.length - 1];
      if (last) expect(await runner.waitFor(last.position, 15_000)).toBe(true);
    };
    const eventsOf = async (caseId: string) =>
      (await t.allEvents()).filter((e) => (e.data as { caseId?: string }).caseId === caseId).map((e) => e.type);

    const people = { erased, held, declined, open };
    const ids = {} as Record<keyof typeof people, string>;
    for (const name of Object.keys(people) as (keyof typeof people)[]) {
      const person = people[name];
      ids[name] = await t.openCase(anna, person);
      await t.http
        .post(`/api/cases/${ids[name]}/contacts`)
        .set(anna)
        .send({ kind: 'office', occurredAt: new Date().toISOString(), durationMinutes: 20, summary })
        .expect(201);
      if (name !== 'open')
        await t.http.post(`/api/cases/${ids[name]}/closure`).set(anna).send({ exitReason: 'employment' }).expect(201);
    }
    await t.http.post(`/api/cases/${ids.held}/retention-hold`).set(dpo).send({ reason: 'litigation' }).expect(201);
    await settle();

    // The schedule: one row per class of SGB II, due ten years (and a day) after the closing.
    const closedOn = new Date().toISOString().slice(0, 10);
    const rows = await t.persistence.dataSource.manager.findBy(RetentionScheduleRow, { caseId: ids.erased });
    expect(rows.map((r) => [r.classId, r.action, r.startedOn, r.status]).sort()).toEqual([
      ['sgb2-file', 'offer_to_archive', closedOn, 'pending'],
      ['sgb2-sensitive', 'restrict', closedOn, 'pending'],
    ]);
    const due = rows.find((r) => r.classId === 'sgb2-file')?.dueAt as string;
    expect(due.slice(0, 4)).toBe(String(new Date().getUTCFullYear() + 10));

    // A year before: nothing of the ten years is due; the sensitive categories are restricted at once.
    const early = await scheduler.runOnce(day(`${Number(due.slice(0, 4)) - 1}-01-01T02:00:00Z`));
    expect(early).toMatchObject({ ran: true, acted: { offer_to_archive: 0, restrict: 2 }, skipped: { held: 1 } });
    await settle();

    // The DPO's dry run a day before the ten years end names the two due files and the held one, no names.
    const before = new Date(Date.parse(due) - 86_400_000);
    const report = await t.http.get('/api/dpo/retention/due?within=P30D').set(dpo).expect(200);
    const items = (report.body as { items: { caseId: string; retentionClass: string; held: boolean }[] }).items;
    expect(items.filter((i) => i.retentionClass === 'sgb2-file').length).toBe(0); // ten years away from today
    const ahead = await t.http.get('/api/dpo/retention/due?within=P11Y').set(dpo).expect(200);
    const fileRows = (
      ahead.body as { items: { caseId: string; retentionClass: string; held: boolean; nextStep: string }[] }
    ).items.filter((i) => i.retentionClass === 'sgb2-file');
    expect(fileRows.map((i) => [i.caseId, i.held, i.nextStep]).sort()).toEqual(
      [
        [ids.erased, false, 'offer_to_archive'],
        [ids.held, true, 'offer_to_archive'],
        [ids.declined, false, 'offer_to_archive'],
      ].sort(),
    );
    for (const trace of traces) expect(JSON.stringify(ahead.body)).not.toContain(trace);
    await t.http.get('/api/dpo/retention/due?within=P30D').set(anna).expect(403);
    await t.http.get('/api/dpo/retention/due?within=30days').set(dpo).expect(400);
    expect((await scheduler.runOnce(before)).acted.offer_to_archive).toBe(0);

    // Ten years and a day after closing: offered to the archive, once; the held case is untouched.
    const heldVersion = (await eventsOf(ids.held)).length;
    const after = new Date(Date.parse(due) + 3_600_000);
    // A run that breaks off after its first act (the second append fails, as in a crash)…
    const cases = t.app.get(CaseRepository);
    const handle = cases.handle.bind(cases);
    let appends = 0;
    const broken = jest.spyOn(cases, 'handle').mockImplementation((...args) => {
      appends++;
      return appends === 2 ? Promise.reject(new Error('connection lost')) : handle(...args);
    });
    const interrupted = await scheduler.runOnce(after);
    broken.mockRestore();
    expect(interrupted).toMatchObject({ ran: true, acted: { offer_to_archive: 1 }, failed: 1 });
    // …is finished by the next, which does not offer the first file again.
    const offered = await scheduler.runOnce(after);
    expect(offered).toMatchObject({
      ran: true,
      acted: { offer_to_archive: 1, erase_subject_key: 0 },
      skipped: { held: 2 },
      failed: 0,
    });
    const again = await scheduler.runOnce(after);
    expect(again.acted).toEqual({ offer_to_archive: 0, erase_subject_key: 0, erase_category_key: 0, restrict: 0 });
    await settle();
    for (const id of [ids.erased, ids.declined])
      expect((await eventsOf(id)).filter((type) => type === 'RecordsOfferedToArchive')).toHaveLength(1);
    const offer = (await t.allEvents()).find(
      (e) => e.type === 'RecordsOfferedToArchive' && (e.data as { caseId: string }).caseId === ids.erased,
    );
    expect(offer?.data).toMatchObject({ retentionClass: 'sgb2-file', offeredBy: RETENTION_SCHEDULER_USER });

    // The DPO records that the archive declined one; the next run erases that one, the other waits.
    await t.http.post(`/api/cases/${ids.declined}/archive-answer`).set(dpo).send({ answer: 'declined' }).expect(201);
    await t.http.post(`/api/cases/${ids.declined}/archive-answer`).set(dpo).send({ answer: 'taken' }).expect(409);
    await settle();
    const answered = await scheduler.runOnce(new Date(after.getTime() + 86_400_000));
    expect(answered.acted.erase_subject_key).toBe(1);
    // The other offer's row is due only when the archive's four months end: not even read.
    expect(answered.skipped.awaiting_archive).toBe(0);
    await settle();

    // Four months after the offer, without an answer: erased.
    const fourMonths = new Date(after);
    fourMonths.setUTCMonth(fourMonths.getUTCMonth() + 4, fourMonths.getUTCDate() + 2);
    const late = await scheduler.runOnce(fourMonths);
    expect(late.acted.erase_subject_key).toBe(1);
    await settle();
    expect((await scheduler.runOnce(fourMonths)).acted.erase_subject_key).toBe(0);

    for (const name of ['erased', 'declined'] as const) {
      const types = await eventsOf(ids[name]);
      expect(types.filter((type) => type === 'ParticipantDataErased')).toHaveLength(1);
      const body = (await t.http.get(`/api/cases/${ids[name]}`).set(anna).expect(200)).body as object;
      expect(body).toMatchObject({ participant: { erased: true } });
    }
    // The held case: readable, no event since the hold; the open one: readable, never due.
    expect((await eventsOf(ids.held)).length).toBe(heldVersion);
    expect((await t.http.get(`/api/cases/${ids.held}`).set(anna).expect(200)).body).toMatchObject({
      participant: { familyName: held.familyName },
    });
    expect((await t.http.get(`/api/cases/${ids.open}`).set(anna).expect(200)).body).toMatchObject({
      participant: { familyName: open.familyName },
    });
    expect(await eventsOf(ids.open)).toEqual(['CaseOpened', 'ContactRecorded']);

    // Nothing of the erased files at rest in clear, anywhere; the held case's own data are still sealed.
    if (t.persistence.kind === 'sqlite') await t.persistence.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
    const raw = await rawContent(t);
    for (const trace of traces) expect(raw).not.toContain(trace);
    expect(raw).toContain(ids.held);

    // Every act is audited under the system actor with the class's legal source; the log verifies.
    const schedulerEntries = async () => {
      const records = await t.persistence.audit.read(0, 100_000);
      return {
        records,
        byScheduler: records.flatMap((r) => (r.entry?.actor.userId === RETENTION_SCHEDULER_USER ? [r.entry] : [])),
      };
    };
    // PostgreSQL integrates queued entries into the tree in the background.
    let { records, byScheduler } = await schedulerEntries();
    for (let i = 0; i < 50 && byScheduler.length < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ({ records, byScheduler } = await schedulerEntries());
    }
    expect(byScheduler.map((e) => e.action).sort()).toEqual(
      [
        'erase_participant_data',
        'erase_participant_data',
        'offer_to_archive',
        'offer_to_archive',
        'restrict_case',
        'restrict_case',
      ].sort(),
    );
    for (const entry of byScheduler) expect(entry.legalBasis.join(' ')).toMatch(/SGB X/);
    expect(await verifyLog(records)).toMatchObject({ valid: true });

    // Released, the held case is acted on at the next run.
    await t.http.post(`/api/cases/${ids.held}/retention-hold/release`).set(dpo).expect(201);
    await settle();
    expect((await scheduler.runOnce(fourMonths)).acted).toMatchObject({ offer_to_archive: 1, restrict: 1 });
  });

  if (profile === 'postgres')
    it('two schedulers at once on one database act once (advisory lock)', async () => {
      const second = await createApp(t.config, { logger: false });
      await second.init();
      try {
        const anna = await t.as('anna.coach', 'integration');
        const ids = [await t.openCase(anna), await t.openCase(anna), await t.openCase(anna)];
        for (const id of ids)
          await t.http.post(`/api/cases/${id}/closure`).set(anna).send({ exitReason: 'employment' }).expect(201);
        const all = await t.allEvents();
        await t.app.get(ProjectionRunner).waitFor(all[all.length - 1]!.position, 15_000);
        const when = new Date(Date.now() + 11 * 365 * 86_400_000);
        const reports = await Promise.all([
          t.app.get(RetentionScheduler).runOnce(when),
          second.get(RetentionScheduler).runOnce(when),
        ]);
        const offers = (await t.allEvents()).filter(
          (e) => e.type === 'RecordsOfferedToArchive' && ids.includes((e.data as { caseId: string }).caseId),
        );
        expect(offers).toHaveLength(3);
        expect(reports.filter((r) => r.ran).length).toBeGreaterThanOrEqual(1);
        // While another session holds the run's lock, a run reads nothing and acts on nothing.
        const session = await t.location.pool!.connect();
        try {
          const key = `fallverbund-retention:${t.location.schema}`;
          await session.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
          expect(await t.app.get(RetentionScheduler).runOnce(when)).toMatchObject({ ran: false, examined: 0 });
          await session.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
        } finally {
          session.release();
        }
      } finally {
        await second.close();
      }
    });
});
