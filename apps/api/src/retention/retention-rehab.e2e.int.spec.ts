import { verifyLog } from '@fallverbund/audit-log';
import { ProjectionRunner, RetentionScheduleRow } from '@fallverbund/cases-application';
import { categoryKeyId } from '@fallverbund/event-store';
import { ERASED } from '@fallverbund/kernel';
import { clock } from '../app/clock';
import { rawContent } from '../testing/raw-content';
import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';
import { RETENTION_SCHEDULER_USER, RetentionScheduler } from './retention-scheduler.service';

const DAY = 86_400_000;
const realNow = clock.now;
const person = { givenName: 'Sieglinde', familyName: 'Rübenacker', birthDate: '1968-05-21' };
const texts = {
  planGoal: 'Rückkehr an den Arbeitsplatz in der Gärtnerei Hollerbusch',
  healthGoal: 'Schulter nach der Operation bei Dr. Pfefferkorn stärken',
  healthNote: 'Befund Pfefferkorn: Rotatorenmanschette rechts genäht',
};

/**
 * Issue 17, clock-driven: a file of the pension insurance (legal domain `rehab`) keeps its medical
 * categories ten years after the last treatment (`rehab-medical`, erase_category_key) and the rest ten
 * years after the closing (`rehab-file`, erase_subject_key). The scheduler, with time passed in, erases
 * health and addiction alone first — identity and plan stay readable, the recipients are told (Art. 19) —
 * and the participant later.
 */
describe.each(PROFILES)('retention of a rehabilitation file (%s)', (profile) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(profile);
  });
  afterEach(() => {
    clock.now = realNow;
  });
  afterAll(() => t.close());

  it('erases health and addiction alone after the last treatment, tells the recipients, and the participant after the closing', async () => {
    const hanna = await t.as('hanna.reha', 'rehabilitation');
    const anna = await t.as('anna.coach', 'coordination');
    const dpo = await t.as('frieda.dpo', 'audit');
    const scheduler = t.app.get(RetentionScheduler);
    const runner = t.app.get(ProjectionRunner);
    const settle = async () => {
      const all = await t.allEvents();
      const last = all[all.length - 1];
      if (last) expect(await runner.waitFor(last.position, 15_000)).toBe(true);
    };
    const caseEvents = async (id: string) => (await t.allEvents()).filter((e) => e.streamId === `case-${id}`);

    // Treated 200 days before the case is closed: the medical period ends 200 days before the file's.
    const opened = Date.now() - 300 * DAY;
    clock.now = () => new Date(opened);
    const id = await t.openCase(hanna, person);
    clock.now = () => new Date(opened + 10 * DAY);
    await t.http
      .post(`/api/cases/${id}/plan/versions`)
      .set(hanna)
      .send({
        legalStatus: { basis: '§ 15 SGB IX', binding: false, mediationAvailable: true },
        goals: [
          { goalId: 'g1', lifeArea: 'work', text: texts.planGoal, category: 'plan' },
          { goalId: 'g2', lifeArea: 'health', text: texts.healthGoal, category: 'health' },
        ],
        steps: [],
        participantWords: null,
      })
      .expect(201);
    await t.http.post(`/api/cases/${id}/health-notes`).set(hanna).send({ text: texts.healthNote }).expect(201);
    // The Jobcenter reads the case under a consent: a recipient of its data (Art. 19 GDPR).
    await t.http
      .post(`/api/cases/${id}/consents`)
      .set(hanna)
      .send({
        purposes: ['coordination'],
        dataCategories: ['identity', 'case_admin'],
        recipientAgencyIds: ['jobcenter-mitte'],
        form: 'written',
        grantedBy: 'participant',
      })
      .expect(201);
    clock.now = realNow;
    await t.http.get(`/api/cases/${id}`).set(anna).expect(200);
    await t.http.post(`/api/cases/${id}/closure`).set(hanna).send({ exitReason: 'goal_reached' }).expect(201);
    await settle();

    const rows = await t.persistence.dataSource.manager.findBy(RetentionScheduleRow, { caseId: id });
    const row = (classId: string) => rows.find((r) => r.classId === classId);
    expect(rows.map((r) => [r.classId, r.action]).sort()).toEqual([
      ['rehab-file', 'erase_subject_key'],
      ['rehab-medical', 'erase_category_key'],
    ]);
    const medicalDue = Date.parse(row('rehab-medical')?.dueAt as string);
    const fileDue = Date.parse(row('rehab-file')?.dueAt as string);
    // 290 days apart, give or take a leap day that one period spans and the other does not.
    expect(Math.abs((fileDue - medicalDue) / DAY - 290)).toBeLessThanOrEqual(1);

    // A day before the medical period ends: nothing happens.
    const quiet = await scheduler.runOnce(new Date(medicalDue - DAY));
    expect(quiet.acted).toEqual({ offer_to_archive: 0, erase_subject_key: 0, erase_category_key: 0, restrict: 0 });

    // Its end: health and addiction lose their keys; once only.
    const medicalEnd = new Date(medicalDue + 3_600_000);
    expect((await scheduler.runOnce(medicalEnd)).acted).toMatchObject({ erase_category_key: 1, erase_subject_key: 0 });
    expect((await scheduler.runOnce(medicalEnd)).acted).toMatchObject({ erase_category_key: 0, erase_subject_key: 0 });
    await settle();

    // The schedule marks the class done: later runs do not even read it.
    const after = await t.persistence.dataSource.manager.findBy(RetentionScheduleRow, { caseId: id });
    expect(after.map((r) => [r.classId, r.status]).sort()).toEqual([
      ['rehab-file', 'pending'],
      ['rehab-medical', 'done'],
    ]);
    const events = await caseEvents(id);
    const participantId = (events[0]?.data as { participantId: string }).participantId;
    expect(events.filter((e) => e.type === 'CategoryDataErased').map((e) => e.data)).toEqual([
      expect.objectContaining({ categories: ['health', 'addiction'], erasedBy: RETENTION_SCHEDULER_USER }),
    ]);
    expect(events.find((e) => e.type === 'RecipientsNotified')?.data).toMatchObject({
      trigger: 'categories_erased',
      categories: ['health', 'addiction'],
      agencyIds: ['jobcenter-mitte'],
    });
    expect(await t.persistence.subjectKeys.isErased(categoryKeyId(participantId, 'health'))).toBe(true);
    expect(await t.persistence.subjectKeys.isErased(categoryKeyId(participantId, 'identity'))).toBe(false);

    // Identity and the plan goal stay readable; the health goal and the note read as erased.
    const view = (await t.http.get(`/api/cases/${id}`).set(hanna).expect(200)).body as object;
    expect(view).toMatchObject({ participant: person, health: { notes: [{ text: ERASED }] } });
    const plan = (await t.http.get(`/api/cases/${id}/plan`).set(hanna).expect(200)).body as object;
    expect(plan).toMatchObject({
      latest: {
        goals: [
          { goalId: 'g1', text: texts.planGoal, category: 'plan' },
          { goalId: 'g2', category: 'health', erased: true },
        ],
      },
    });
    for (const text of [texts.healthGoal, texts.healthNote]) {
      expect(JSON.stringify([view, plan])).not.toContain(text);
      expect(await rawContent(t)).not.toContain(text);
    }
    const report = (await t.http.get(`/api/cases/${id}/access-report`).set(dpo).expect(200)).body as {
      notifications: { recipient: { id: string }; line: string }[];
    };
    expect(report.notifications.map((n) => n.recipient.id)).toEqual(['jobcenter-mitte']);

    // The file's own end: the participant is erased; the log still verifies.
    const fileEnd = new Date(fileDue + 3_600_000);
    expect((await scheduler.runOnce(fileEnd)).acted).toMatchObject({ erase_subject_key: 1, erase_category_key: 0 });
    await settle();
    expect((await t.http.get(`/api/cases/${id}`).set(hanna).expect(200)).body).toMatchObject({
      participant: { erased: true },
    });
    expect((await caseEvents(id)).filter((e) => e.type === 'RecipientsNotified').map((e) => e.data)).toEqual([
      expect.objectContaining({ trigger: 'categories_erased' }),
      expect.objectContaining({ trigger: 'participant_erased' }),
    ]);
    const raw = await rawContent(t);
    for (const text of [person.familyName, ...Object.values(texts)]) expect(raw).not.toContain(text);
    const records = await t.persistence.audit.read(0, 100_000);
    expect(await verifyLog(records)).toMatchObject({ valid: true });
  });
});
