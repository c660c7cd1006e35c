import { QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { Schema } from '../../api/client';
import { i18n } from '../../i18n/i18n';
import { createQueryClient } from '../../query/query-client';
import { session } from '../../session/session-store';
import { ANNA_POLICY } from '../../testing/session-fixture';
import { ConferencesPage } from './ConferencesPage';

const CASE_ID = '5b0d0000-0000-4000-8000-0000000000c1';

// react-router ships ES modules only, which jest here does not load; the page only reads the id from the address.
jest.mock('react-router', () => ({ useParams: () => ({ id: '5b0d0000-0000-4000-8000-0000000000c1' }) }), {
  virtual: true,
});
const mockFetch = jest.fn<Promise<Response>, [Request]>();
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input as Request)) };
});

const caseView: Schema<'CaseViewDto'> = {
  id: CASE_ID,
  version: 6,
  participant: { givenName: 'Mara', familyName: 'Beispiel', birthDate: '1990-04-01' },
  caseAdmin: {
    leadAgencyId: 'jobcenter-mitte',
    status: 'active',
    exitReason: null,
    followUps: [],
    team: [{ userId: 'anna.coach', agencyId: 'jobcenter-mitte', role: 'caseworker', addedAt: '2026-11-02T09:00:00Z' }],
    withheldTeamMembers: 0,
    openedAt: '2026-11-02T09:00:00Z',
    firstContactAt: '2026-11-02T09:00:00Z',
    updatedAt: '2026-11-20T09:00:00Z',
  },
  withheld: [],
  access: {
    purpose: 'case_conference',
    legalBasis: { identity: 'team', case_admin: 'team' },
    recordable: ['identity', 'case_admin'],
    mayRefer: false,
  },
  restricted: [],
  accuracyDisputed: null,
};

const conference: Schema<'ConferenceViewDto'> = {
  id: '5b0d0000-0000-4000-8000-0000000000f1',
  pseudonym: 'Fall K-7F3A',
  topic: 'Wohnung und Arbeit',
  topicCategory: 'case_admin',
  invitedAgencyIds: ['suchtberatung-nord'],
  plannedFor: '2026-12-20T10:00:00Z',
  scheduledBy: 'anna.coach',
  scheduledAt: '2026-12-01T10:00:00Z',
  agreement: null,
  held: false,
  heldAt: null,
  attendees: [],
  sharedCategories: ['case_admin'],
  decisions: [],
  decisionCategories: [],
  minutesRecordedBy: null,
  minutesRecordedAt: null,
  withheldTexts: 0,
  withheldAgencies: 0,
};

const answers: Record<string, unknown> = {
  [`GET /api/cases/${CASE_ID}`]: caseView,
  [`GET /api/cases/${CASE_ID}/conferences`]: { items: [conference] },
  [`POST /api/cases/${CASE_ID}/conferences`]: { id: '5b0d0000-0000-4000-8000-0000000000f2', pseudonym: 'TN-5B0D0000' },
  'GET /api/partners': {
    items: [
      {
        agencyId: 'jugendamt-mitte',
        name: 'Jugendamt Mitte',
        agencyType: 'youth_office',
        services: ['youth_welfare_service'],
        purposes: ['case_conference'],
        areas: ['Mitte'],
        legalDomain: 'SGB VIII',
        contactPersons: [],
        lastReviewedAt: '2026-05-04',
        stale: false,
        reveals: ['youth_welfare'],
      },
    ],
  },
};

beforeEach(() => {
  mockFetch.mockImplementation((request) => {
    const answer = answers[`${request.method} ${new URL(request.url).pathname}`];
    return Promise.resolve(
      answer === undefined
        ? Response.json({ code: 'TEST.UNKNOWN', title: 'unknown' }, { status: 404 })
        : Response.json(answer),
    );
  });
});

const signIn = (userId: string, agencyId: string) =>
  act(() =>
    session.set({
      token: 'the-token',
      user: { userId, displayName: userId, role: 'caseworker', agencyId, agencyType: 'jobcenter' },
      purpose: 'case_conference',
      ...ANNA_POLICY,
    }),
  );

const renderPage = () =>
  render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={createQueryClient()}>
        <ConferencesPage />
      </QueryClientProvider>
    </I18nextProvider>,
  );

describe('Fallkonferenzen', () => {
  it('offers the case team the forms to convene, record the answer and the minutes', async () => {
    signIn('anna.coach', 'jobcenter-mitte');
    renderPage();

    expect(await screen.findByRole('heading', { name: 'Fallkonferenz einberufen' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Antwort der Person' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Protokoll' })).toBeTruthy();
  });

  it('shows an invited agency the conference without the forms the API would refuse it', async () => {
    signIn('emil.counsel', 'suchtberatung-nord');
    renderPage();

    expect(await screen.findByText(/kann das Fallteam/)).toBeTruthy();
    expect(screen.getByText('Wohnung und Arbeit')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Fallkonferenz einberufen' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Antwort der Person' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Protokoll' })).toBeNull();
  });

  it.each([
    ['2026-10-30T10:00', 'Der Zeitpunkt liegt vor der Eröffnung des Falls.'],
    [`${new Date().getFullYear() + 3}-01-01T10:00`, 'Der Zeitpunkt liegt mehr als zwei Jahre in der Zukunft.'],
  ])('says why a time is refused (%s) and sends nothing', async (at, why) => {
    signIn('anna.coach', 'jobcenter-mitte');
    renderPage();
    fireEvent.change(await screen.findByLabelText('Thema'), { target: { value: 'Wohnung' } });
    fireEvent.change(screen.getByLabelText('Geplant für (Datum und Uhrzeit)'), { target: { value: at } });
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Jugendamt Mitte' }));
    fireEvent.click(screen.getByRole('button', { name: 'Fallkonferenz einberufen' }));

    expect((await screen.findByRole('alert')).textContent).toBe(why);
    expect(screen.getByLabelText('Geplant für (Datum und Uhrzeit)').getAttribute('aria-invalid')).toBe('true');
    expect(mockFetch.mock.calls.filter(([request]) => request.method === 'POST')).toHaveLength(0);
  });

  it('sends a time to come', async () => {
    signIn('anna.coach', 'jobcenter-mitte');
    renderPage();
    const nextWeek = new Date(Date.now() + 7 * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const at = `${nextWeek.getFullYear()}-${pad(nextWeek.getMonth() + 1)}-${pad(nextWeek.getDate())}T10:00`;
    fireEvent.change(await screen.findByLabelText('Thema'), { target: { value: 'Wohnung' } });
    fireEvent.change(screen.getByLabelText('Geplant für (Datum und Uhrzeit)'), { target: { value: at } });
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Jugendamt Mitte' }));
    fireEvent.click(screen.getByRole('button', { name: 'Fallkonferenz einberufen' }));

    await screen.findByText(/Fallkonferenz einberufen\./);
    const posts = mockFetch.mock.calls.filter(([request]) => request.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(await posts[0]![0].json()).toMatchObject({ topic: 'Wohnung', invitedAgencyIds: ['jugendamt-mitte'] });
    expect(screen.queryByText(/Der Zeitpunkt liegt/)).toBeNull();
  });
});
