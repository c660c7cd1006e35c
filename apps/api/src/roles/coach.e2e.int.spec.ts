import { clock } from '../app/clock';
import { participant, PROFILES, startTestApp, type TestApp } from '../testing/test-app';

/**
 * The coach (anna.coach, Jobcenter) through the day, as she would work it from the README and the API
 * document alone. Each flow is its own `describe`, so further flows (name search) are added beside them.
 */
const PROBLEM = /^application\/problem\+json/;
const DAY = 86_400_000;

describe.each(PROFILES)('role: the coach anna.coach (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  const realNow = clock.now;
  // Noon today: the case is opened after this morning's walk & talk.
  const noon = new Date(`${new Date().toISOString().slice(0, 10)}T12:00:00.000Z`);
  const thisMorning = new Date(noon.getTime() - 4 * 3_600_000);

  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.as('anna.coach', 'integration');
  });
  afterAll(async () => {
    clock.now = realNow;
    await t.close();
  });
  beforeEach(() => {
    clock.now = () => new Date(noon);
  });
  afterEach(() => {
    clock.now = realNow;
  });

  const eventCount = async (): Promise<number> => (await t.allEvents()).length;
  const openCase = (firstContactAt?: string) =>
    t.http
      .post('/api/cases')
      .set(anna)
      .send({ participant, ...(firstContactAt !== undefined ? { firstContactAt } : {}) });

  describe('intake: the first contact took place before the case was opened', () => {
    it('opens the case at noon with the first contact this morning, and records the walk & talk of this morning', async () => {
      const opened = await openCase(thisMorning.toISOString()).expect(201);
      const caseId = (opened.body as { id: string }).id;

      const walk = await t.http
        .post(`/api/cases/${caseId}/contacts`)
        .set(anna)
        .send({
          kind: 'walk_and_talk',
          occurredAt: new Date(thisMorning.getTime() + 15 * 60_000).toISOString(),
          durationMinutes: 60,
          participants: ['participant', 'coach'],
        })
        .expect(201);
      expect(walk.body).toMatchObject({ id: expect.any(String) as string });

      const contacts = (await t.http.get(`/api/cases/${caseId}/contacts`).set(anna).expect(200)).body as {
        items: { kind: string; occurredAt: string }[];
      };
      expect(contacts.items).toMatchObject([
        { kind: 'walk_and_talk', occurredAt: new Date(thisMorning.getTime() + 15 * 60_000).toISOString() },
      ]);
      // The timeline says when the first contact took place.
      const timeline = (await t.http.get(`/api/cases/${caseId}/timeline`).set(anna).expect(200)).body as {
        items: { type: string; details: Record<string, string> }[];
      };
      expect(timeline.items.find((e) => e.type === 'CaseOpened')?.details).toMatchObject({
        firstContactAt: thisMorning.toISOString(),
      });
      // So does the case, among its administrative data, next to its opening.
      const view = (await t.http.get(`/api/cases/${caseId}`).set(anna).expect(200)).body as {
        caseAdmin: { firstContactAt: string | null; openedAt: string };
      };
      expect(view.caseAdmin.firstContactAt).toBe(thisMorning.toISOString());
      expect(Date.parse(view.caseAdmin.openedAt)).toBeGreaterThan(thisMorning.getTime());
    });

    it('still refuses a contact dated before the first contact, with its code, appending nothing', async () => {
      const caseId = ((await openCase(thisMorning.toISOString()).expect(201)).body as { id: string }).id;
      const before = await eventCount();
      const refused = await t.http
        .post(`/api/cases/${caseId}/contacts`)
        .set(anna)
        .send({ kind: 'phone', occurredAt: new Date(thisMorning.getTime() - 60_000).toISOString(), durationMinutes: 5 })
        .expect(400);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      expect(refused.body).toMatchObject({ code: 'CONTACT.INVALID' });
      expect(await eventCount()).toBe(before);
    });

    it('without firstContactAt the first contact is the opening (as before)', async () => {
      clock.now = () => new Date(noon.getTime() + 23_456); // opened at 12:00:23.456
      const caseId = ((await openCase().expect(201)).body as { id: string }).id;
      const view = (await t.http.get(`/api/cases/${caseId}`).set(anna).expect(200)).body as {
        caseAdmin: { firstContactAt: string | null; openedAt: string };
      };
      expect(view.caseAdmin.firstContactAt).toBe(view.caseAdmin.openedAt);
      const refused = await t.http
        .post(`/api/cases/${caseId}/contacts`)
        .set(anna)
        .send({ kind: 'walk_and_talk', occurredAt: thisMorning.toISOString(), durationMinutes: 30 })
        .expect(400);
      expect(refused.body).toMatchObject({ code: 'CONTACT.INVALID' });
      // The talk that led to opening the case, given to the minute as the web form gives it, is recorded.
      const openingMinute = new Date(Math.floor(Date.parse(view.caseAdmin.openedAt) / 60_000) * 60_000);
      await t.http
        .post(`/api/cases/${caseId}/contacts`)
        .set(anna)
        .send({ kind: 'office', occurredAt: openingMinute.toISOString(), durationMinutes: 20 })
        .expect(201);
    });

    it('accepts a first contact exactly 90 days back', async () => {
      await openCase(new Date(noon.getTime() - 90 * DAY).toISOString()).expect(201);
    });

    it.each([
      ['in the future', () => new Date(noon.getTime() + 60_000).toISOString(), 'CASE.FIRST_CONTACT_IN_FUTURE'],
      [
        'more than 90 days back',
        () => new Date(noon.getTime() - 90 * DAY - 1_000).toISOString(),
        'CASE.FIRST_CONTACT_TOO_FAR_BACK',
      ],
      ['an ISO week date', () => '2026-W49', 'REQUEST.VALIDATION'],
      ['a date without a time', () => noon.toISOString().slice(0, 10), 'REQUEST.VALIDATION'],
    ])('refuses a first contact %s with a stable code and appends nothing', async (_name, at, code) => {
      const before = await eventCount();
      const refused = await openCase(at()).expect(400);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      expect(refused.body).toMatchObject({ code });
      expect(await eventCount()).toBe(before);
    });
  });
});
