import { QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import type { Schema } from '../../api/client';
import { i18n } from '../../i18n/i18n';
import { createQueryClient } from '../../query/query-client';
import { session } from '../../session/session-store';
import { CaseNotices } from './CaseNotices';
import { ContactsTab } from './ContactsTab';
import { toLocalInput } from './format';
import { OverviewTab } from './OverviewTab';
import { ProgressTab } from './ProgressTab';
import { ANNA_POLICY } from '../../testing/session-fixture';

// The page's `api` calls go to this fake fetch: it answers by method and path and records each request.
const mockFetch = jest.fn<Promise<Response>, [Request]>();
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input as Request)) };
});

const CASE_ID = '5b0d0000-0000-4000-8000-0000000000c1';
const anna = {
  userId: 'anna.coach',
  displayName: 'anna.coach',
  role: 'caseworker',
  agencyId: 'jobcenter-mitte',
  agencyType: 'jobcenter',
} as const;

const caseView: Schema<'CaseViewDto'> = {
  id: CASE_ID,
  version: 4,
  participant: { givenName: 'Mara', familyName: 'Beispiel', birthDate: '1990-04-01' },
  caseAdmin: {
    leadAgencyId: 'jobcenter-mitte',
    status: 'active',
    exitReason: null,
    followUps: [],
    team: [{ userId: 'anna.coach', agencyId: 'jobcenter-mitte', role: 'caseworker', addedAt: '2026-11-02T09:00:00Z' }],
    withheldTeamMembers: 1,
    openedAt: '2026-11-02T09:00:00Z',
    firstContactAt: '2026-10-28T08:30:00Z',
    updatedAt: '2026-11-20T09:00:00Z',
  },
  withheld: ['health', 'addiction'],
  access: {
    purpose: 'integration',
    legalBasis: { identity: 'team', case_admin: 'team', contacts: 'team' },
    recordable: ['identity', 'case_admin', 'contacts'],
    mayRefer: false,
  },
  restricted: [],
  accuracyDisputed: null,
};

const contact: Schema<'ContactViewDto'> = {
  id: '5b0d0000-0000-4000-8000-0000000000a1',
  kind: 'walk_and_talk',
  occurredAt: '2026-11-24T13:00:00Z',
  durationMinutes: 60,
  participants: ['participant', 'coach'],
  summary: 'Spaziergang am Kanal, Bewerbung besprochen',
  summaryCategory: 'contacts',
  recordedBy: 'anna.coach',
  recordedAt: '2026-11-24T15:00:00Z',
  original: {
    kind: 'office',
    occurredAt: '2026-11-24T13:00:00Z',
    durationMinutes: 45,
    participants: ['participant', 'coach'],
    summary: 'Gespräch im Büro',
    summaryCategory: 'contacts',
  },
  corrections: [
    {
      id: '5b0d0000-0000-4000-8000-0000000000b1',
      changes: { kind: 'walk_and_talk', durationMinutes: 60, summary: 'Spaziergang am Kanal, Bewerbung besprochen' },
      reason: 'Falsche Art erfasst',
      reasonCategory: 'contacts',
      correctedBy: 'anna.coach',
      correctedAt: '2026-11-25T08:30:00Z',
    },
  ],
  withheldTexts: 0,
};

const answers: Record<string, () => Response> = {
  [`GET /api/cases/${CASE_ID}`]: () => Response.json(caseView),
  [`GET /api/cases/${CASE_ID}/timeline`]: () =>
    Response.json({
      items: [
        {
          eventId: '5b0d0000-0000-4000-8000-0000000000e1',
          version: 1,
          type: 'CaseOpened',
          occurredAt: '2026-11-02T09:00:00Z',
          actor: { userId: 'anna.coach', agencyId: 'jobcenter-mitte' },
          purpose: 'integration',
          details: {},
        },
      ],
      withheldEntries: 2,
    }),
  [`GET /api/cases/${CASE_ID}/contacts`]: () => Response.json({ items: [contact] }),
  [`POST /api/cases/${CASE_ID}/contacts/${contact.id}/corrections`]: () =>
    Response.json({ id: '5b0d0000-0000-4000-8000-0000000000b2' }, { status: 201 }),
  [`GET /api/cases/${CASE_ID}/progress`]: () =>
    Response.json({
      scale: { min: 1, max: 5 },
      dimensions: [
        {
          dimension: 'housing',
          coach: [
            { assessmentId: 'a1', rating: 2, assessedAt: '2026-11-03T10:00:00Z', recordedBy: 'anna.coach' },
            { assessmentId: 'a2', rating: 4, assessedAt: '2026-11-24T10:00:00Z', recordedBy: 'anna.coach' },
          ],
          self: [],
          latest: { coach: null, self: null },
        },
        {
          dimension: 'daily_structure',
          coach: [{ assessmentId: 'a2', rating: 3, assessedAt: '2026-11-24T10:00:00Z', recordedBy: 'anna.coach' }],
          self: [],
          latest: { coach: null, self: null },
        },
      ],
    }),
};

const bodies: { method: string; path: string; body: unknown }[] = [];

beforeEach(() => {
  bodies.length = 0;
  mockFetch.mockImplementation(async (request) => {
    const path = new URL(request.url).pathname;
    const body: unknown = request.method === 'GET' ? undefined : await request.json();
    bodies.push({ method: request.method, path, body });
    const answer = answers[`${request.method} ${path}`];
    return answer ? answer() : Response.json({ code: 'TEST.UNKNOWN', title: 'unknown' }, { status: 404 });
  });
  act(() => session.set({ token: 'the-token', user: anna, purpose: 'integration', ...ANNA_POLICY }));
});

// The tabs as the case page shows them (react-router ships ES modules only, which jest here does not load;
// the route wrappers only read the id from the address).
const show = (tab: React.ReactElement) =>
  render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={createQueryClient()}>{tab}</QueryClientProvider>
    </I18nextProvider>,
  );

const cleanups: (() => void)[] = [];
/** Undone after the test, pass or fail. */
const afterThis = (cleanup: () => void) => cleanups.push(cleanup);
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

describe('the case page', () => {
  afterEach(() => act(() => i18n.changeLanguage('de')));
  it('names each withheld category, why, and what would grant it; counts withheld timeline entries', async () => {
    show(<OverviewTab caseId={CASE_ID} />);

    const addiction = await screen.findByRole('region', { name: 'Sucht: nicht freigegeben' });
    expect(addiction.textContent).toContain('Der Zweck „Eingliederung“ umfasst diese Kategorie nicht.');
    expect(addiction.textContent).toContain('Gesundheitsförderung, Rehabilitation');
    expect(screen.getByRole('region', { name: 'Gesundheit: nicht freigegeben' })).toBeTruthy();
    const team = screen.getByRole('table', { name: 'Fallteam' });
    expect(within(team).getByRole('rowheader', { name: 'anna.coach' })).toBeTruthy();
    expect(screen.getByText(/1 weiteres Teammitglied nicht freigegeben/)).toBeTruthy();
    // The intake's first contact, before the opening (a date in German, not the instant).
    expect(screen.getByText('Erstkontakt am').nextElementSibling?.textContent).toBe('28.10.2026');
    expect(await screen.findByRole('rowheader', { name: 'Fall eröffnet' })).toBeTruthy();
    expect(
      screen.getByText(
        '2 Einträge nicht freigegeben (sie verraten Kategorien, die Sie unter diesem Zweck nicht lesen dürfen).',
      ),
    ).toBeTruthy();
  });

  it('says of an empty health section only that there are no notes this reader may read', async () => {
    const plain = answers[`GET /api/cases/${CASE_ID}`] as () => Response;
    answers[`GET /api/cases/${CASE_ID}`] = () =>
      Response.json({ ...caseView, withheld: ['addiction'], health: { notes: [], withheldNotes: 0 } });
    afterThis(() => (answers[`GET /api/cases/${CASE_ID}`] = plain));
    show(<OverviewTab caseId={CASE_ID} />);

    const health = await screen.findByRole('region', { name: 'Gesundheit' });
    // Not "no notes": a secrecy holder's note may be there and is neither shown nor counted (§ 203 StGB).
    expect(health.textContent).toContain('Keine Notizen, die Sie lesen dürfen.');
    expect(health.textContent).not.toContain('nicht freigegeben');
  });

  it('tells every reader that the accuracy is disputed and what is restricted (§ 84 SGB X)', () => {
    show(
      <CaseNotices
        view={{ accuracyDisputed: { categories: ['contacts'], since: '2026-12-01T09:00:00Z' }, restricted: ['health'] }}
      />,
    );
    const notes = screen.getAllByRole('note').map((n) => n.textContent);
    expect(notes[0]).toMatch(/^Richtigkeit bestritten \(seit .+\): .*Kontakte/);
    expect(notes[1]).toMatch(/^Verarbeitung eingeschränkt \(§ 84 SGB X\): Gesundheit/);
  });

  it('shows no notice when nothing is disputed or restricted', () => {
    show(<CaseNotices view={{ accuracyDisputed: null, restricted: [] }} />);
    expect(screen.queryAllByRole('note')).toEqual([]);
  });

  it('shows the newest 20 entries of a long timeline, and all of them on request', async () => {
    const entries = Array.from({ length: 120 }, (_, i) => ({
      eventId: `5b0d0000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      version: i + 1,
      type: i === 0 ? 'CaseOpened' : 'ContactRecorded',
      occurredAt: new Date(Date.UTC(2026, 10, 2, 9) + i * 3_600_000).toISOString(),
      actor: { userId: 'anna.coach', agencyId: 'jobcenter-mitte' },
      purpose: 'integration',
      details: {},
    }));
    const short = answers[`GET /api/cases/${CASE_ID}/timeline`] as () => Response;
    answers[`GET /api/cases/${CASE_ID}/timeline`] = () => Response.json({ items: entries, withheldEntries: 0 });
    afterThis(() => (answers[`GET /api/cases/${CASE_ID}/timeline`] = short));
    show(<OverviewTab caseId={CASE_ID} />);

    const timeline = await screen.findByRole('table', { name: 'Verlauf des Falls, neueste zuletzt' });
    // A header row and the newest 20: the case's opening, the oldest entry, is not among them.
    expect(within(timeline).getAllByRole('row')).toHaveLength(21);
    expect(within(timeline).queryByRole('rowheader', { name: 'Fall eröffnet' })).toBeNull();
    expect(screen.getByText('Die neuesten 20 von 120 Einträgen.')).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Alle 120 Einträge anzeigen' }));
    expect(within(timeline).getAllByRole('row')).toHaveLength(121);
    expect(within(timeline).getByRole('rowheader', { name: 'Fall eröffnet' })).toBeTruthy();
  });

  it('shows a corrected contact as it stands, when and why it was corrected, and the original', async () => {
    show(<ContactsTab caseId={CASE_ID} />);

    const entry = await screen.findByRole('article', { name: /^Walk and Talk, / });
    expect(entry.textContent).toContain('Spaziergang am Kanal, Bewerbung besprochen');
    expect(entry.textContent).toMatch(
      /korrigiert am 25\.11\.2026, \d\d:30 von anna\.coach – Grund: Falsche Art erfasst/,
    );
    expect(entry.textContent).toContain('ursprünglich: Art: Termin in der Dienststelle; Datum: 24.11.2026, ');
    expect(entry.textContent).toContain('45 Min.; participant, coach; Notiz: Gespräch im Büro');
  });

  it('offers a note only the categories the case gives this reader under the purpose', async () => {
    const user = userEvent.setup();
    show(<ContactsTab caseId={CASE_ID} />);
    await screen.findByRole('article', { name: /^Walk and Talk, / });
    // Eingliederung may need plan, referrals, progress and finances; this case gives anna only contacts of them.
    await waitFor(() => expect(bodies.some((b) => b.path === `/api/cases/${CASE_ID}`)).toBe(true));
    const form = await screen.findByRole('region', { name: 'Kontakt erfassen' });
    await user.click(within(form).getByRole('button', { name: /Kategorie der Notiz$/ }));
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['Kontakte']);
  });

  it("bounds the contact form's inputs as the API bounds the contact", async () => {
    show(<ContactsTab caseId={CASE_ID} />);
    const form = await screen.findByRole('region', { name: 'Kontakt erfassen' });
    // Not before the case's first contact (28.10.2026, 08:30 UTC, in the page's time zone).
    await waitFor(() =>
      expect(
        within(form)
          .getByLabelText(/^Datum/)
          .getAttribute('min'),
      ).toBe(toLocalInput('2026-10-28T08:30:00Z')),
    );
    // From the OpenAPI document's RecordContactDto: 1–600 minutes, a note of at most 2,000 characters.
    const duration = within(form).getByRole('spinbutton', { name: /^Dauer/ });
    expect([duration.getAttribute('min'), duration.getAttribute('max')]).toEqual(['1', '600']);
    expect(
      within(form)
        .getByRole('textbox', { name: /^Notiz/ })
        .getAttribute('maxlength'),
    ).toBe('2000');
  });

  it('offers no form and no correction to a reader who may only read the contacts, and says so', async () => {
    const plain = answers[`GET /api/cases/${CASE_ID}`] as () => Response;
    answers[`GET /api/cases/${CASE_ID}`] = () =>
      Response.json({ ...caseView, access: { ...caseView.access, recordable: [] } });
    afterThis(() => (answers[`GET /api/cases/${CASE_ID}`] = plain));
    show(<ContactsTab caseId={CASE_ID} />);

    const entry = await screen.findByRole('article', { name: /^Walk and Talk, / });
    await waitFor(() => expect(bodies.some((b) => b.path === `/api/cases/${CASE_ID}`)).toBe(true));
    expect(
      await screen.findByText(
        'Sie können die Kontakte lesen, aber keine erfassen oder korrigieren: Ihre Rolle, der Zweck und die Einwilligungen dieses Falls geben Ihnen das nicht.',
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Kontakt erfassen' })).toBeNull();
    expect(within(entry).queryByRole('button', { name: 'Korrigieren' })).toBeNull();
  });

  it('sends a correction with the changed fields and the reason only', async () => {
    const user = userEvent.setup();
    show(<ContactsTab caseId={CASE_ID} />);

    const entry = await screen.findByRole('article', { name: /^Walk and Talk, / });
    // Offered once the case says this reader may record contacts (its answer may come after the list's).
    await user.click(await within(entry).findByRole('button', { name: 'Korrigieren' }));
    const dialog = await screen.findByRole('dialog', { name: 'Kontakt korrigieren' });
    const note = within(dialog).getByRole('textbox', { name: 'Notiz' });
    await user.clear(note);
    await user.type(note, 'Spaziergang, Bewerbung geschrieben');
    await user.type(within(dialog).getByRole('textbox', { name: /Grund der Korrektur/ }), 'Inhalt ergänzt');
    await user.click(within(dialog).getByRole('button', { name: 'Korrektur speichern' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bodies.find((b) => b.method === 'POST')?.body).toEqual({
      reason: 'Inhalt ergänzt',
      reasonCategory: 'contacts',
      summary: 'Spaziergang, Bewerbung geschrieben',
      summaryCategory: 'contacts',
    });
    expect(within(entry).getByRole('status').textContent).toBe('Kontakt korrigiert.');
  });

  it('shows a tab of a withheld category as withheld, as the overview does, and does not ask for it', async () => {
    const plain = answers[`GET /api/cases/${CASE_ID}`] as () => Response;
    answers[`GET /api/cases/${CASE_ID}`] = () => Response.json({ ...caseView, withheld: ['progress'] });
    afterThis(() => (answers[`GET /api/cases/${CASE_ID}`] = plain));
    show(<ProgressTab caseId={CASE_ID} />);

    const section = await screen.findByRole('region', { name: 'Fortschritt: nicht freigegeben' });
    expect(section.textContent).toContain('„Eingliederung“');
    expect(screen.queryByRole('region', { name: 'Einschätzung erfassen' })).toBeNull();
    expect(bodies.map((b) => b.path)).not.toContain(`/api/cases/${CASE_ID}/progress`);
  });

  it('offers the assessment form only to a reader who may record progress', async () => {
    const plain = answers[`GET /api/cases/${CASE_ID}`] as () => Response;
    answers[`GET /api/cases/${CASE_ID}`] = () =>
      Response.json({ ...caseView, access: { ...caseView.access, recordable: ['progress'] } });
    afterThis(() => (answers[`GET /api/cases/${CASE_ID}`] = plain));
    show(<ProgressTab caseId={CASE_ID} />);
    expect(await screen.findByRole('region', { name: 'Einschätzung erfassen' })).toBeTruthy();
  });

  it('gives the progress chart a table with the same figures', async () => {
    show(<ProgressTab caseId={CASE_ID} />);

    const table = await screen.findByRole('table', { name: /Einschätzungen: Fachkraft/ });
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Datum', 'Tagesstruktur', 'Wohnen'],
      [expect.stringMatching(/^03\.11\.2026, \d\d:00$/), 'nicht bewertet', '2'],
      [expect.stringMatching(/^24\.11\.2026, \d\d:00$/), '3', '4'],
    ]);
    expect(screen.getByRole('heading', { name: 'Einschätzungen: Selbsteinschätzung' })).toBeTruthy();
    expect(screen.getByText('Noch keine Einschätzungen.')).toBeTruthy();
  });
});
