import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { session } from '../../session/session-store';
import { fakeApi, renderWithProviders } from '../../testing/fake-api';
import { ReferralForm, ReferralList, ReferralSending } from './ReferralsPage';
import { ANNA_POLICY } from '../../testing/session-fixture';
import { referralView } from '../../testing/referral-fixture';
import type { Schema } from '../../api/client';

// The screen's `api` is the real typed client over a fake fetch: what it sends is what the API would get.
let mockFetch: (input: RequestInfo | URL) => Promise<Response> = () => Promise.reject(new Error('no fake'));
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input)) };
});
// react-router ships ES modules only, which this jest setup does not load; the page reads only the case id.
jest.mock('react-router', () => ({
  useParams: () => ({ id: '0b8e3c2a-5f1d-4e7a-9c6b-2d4f8a1e3b57' }),
  Link: ({ to, children }: { to: string; children: React.ReactNode }) => <a href={to}>{children}</a>,
}));

const anna = {
  userId: 'anna.coach',
  displayName: 'anna.coach',
  role: 'caseworker',
  agencyId: 'jobcenter-mitte',
  agencyType: 'jobcenter',
} as const;

const suchtberatung = {
  agencyId: 'suchtberatung-nord',
  name: 'Suchtberatung Nord',
  agencyType: 'network_partner',
  services: ['addiction_counselling'],
  purposes: ['health_promotion', 'coordination', 'aftercare'],
  areas: ['Nord', '133'],
  // As the directory answers it: a referral to an addiction service is addiction data.
  reveals: ['addiction'],
};

/** What anna reads under health_promotion as the lead team: everything the purpose needs. */
const caseView = {
  access: {
    purpose: 'health_promotion',
    legalBasis: Object.fromEntries(
      ['identity', 'case_admin', 'contacts', 'plan', 'referrals', 'progress', 'health', 'addiction'].map((c) => [
        c,
        'team',
      ]),
    ),
  },
  withheld: ['finances', 'youth_welfare'],
};

/** The participant agreed to identity and addiction going to the counselling service, for health promotion. */
const consents = {
  items: [
    {
      consentId: 'c-1',
      purposes: ['health_promotion'],
      dataCategories: ['identity', 'addiction'],
      recipientAgencyIds: ['suchtberatung-nord'],
      recipientUserIds: [],
      validUntil: null,
      form: 'written',
      grantedBy: 'participant',
      evidenceRef: null,
      recordedBy: 'anna.coach',
      grantedAt: '2026-12-01T10:00:00Z',
      withdrawnAt: null,
      active: true,
    },
  ],
};

beforeEach(() => act(() => session.set({ token: 't', user: anna, purpose: 'health_promotion', ...ANNA_POLICY })));

describe('sending a referral', () => {
  it('offers only what a consent covers, says why the rest is not offered, and sends only what was chosen', async () => {
    const fake = fakeApi({
      'GET /api/partners': { items: [suchtberatung] },
      'GET /api/cases/0b8e3c2a-5f1d-4e7a-9c6b-2d4f8a1e3b57': caseView,
      'GET /api/cases/0b8e3c2a-5f1d-4e7a-9c6b-2d4f8a1e3b57/consents': consents,
      'POST /api/cases/0b8e3c2a-5f1d-4e7a-9c6b-2d4f8a1e3b57/referrals': { id: 'r-1' },
    });
    mockFetch = fake.fetchImpl;
    const user = userEvent.setup();
    renderWithProviders(<ReferralForm caseId="0b8e3c2a-5f1d-4e7a-9c6b-2d4f8a1e3b57" />);

    await user.click(screen.getByRole('button', { name: /Angebot/ }));
    await user.click(await screen.findByRole('option', { name: 'Suchtberatung' }));
    await user.type(screen.getByRole('textbox', { name: /Gebiet/ }), 'Nord');
    await user.click(screen.getByRole('button', { name: 'Partner suchen' }));
    const search = fake.received.find((r) => r.url.pathname === '/api/partners');
    expect(search?.url.searchParams.get('service')).toBe('addiction_counselling');
    expect(search?.url.searchParams.get('area')).toBe('Nord');

    await user.click(await screen.findByRole('radio', { name: /^Suchtberatung Nord/ }));
    const group = await screen.findByRole('group', { name: 'Welche Daten weitergegeben werden' });
    // Covered by the consent: offered.
    expect(within(group).getByRole('checkbox', { name: 'Person' })).toBeTruthy();
    expect(within(group).getByRole('checkbox', { name: 'Sucht' })).toBeTruthy();
    // Needed and readable, but no consent: not offered, and it says why.
    expect(within(group).queryByRole('checkbox', { name: 'Kontakte' })).toBeNull();
    expect(
      screen.getByText('Kontakte: keine Einwilligung für Kontakte an Suchtberatung Nord (Zweck Gesundheitsförderung)'),
    ).toBeTruthy();
    // Not needed for the purpose: not offered either.
    expect(within(group).queryByRole('checkbox', { name: 'Finanzen' })).toBeNull();
    expect(screen.getByText('Finanzen: nicht erforderlich für Gesundheitsförderung')).toBeTruthy();

    await user.click(within(group).getByRole('checkbox', { name: 'Sucht' }));
    await user.type(screen.getByRole('textbox', { name: /Anlass der Vermittlung/ }), 'Beratung zum Alkoholkonsum');
    await user.click(screen.getByRole('button', { name: 'Vermittlung senden' }));

    expect(await screen.findByText('Die Vermittlung an Suchtberatung Nord ist gesendet.')).toBeTruthy();
    const post = fake.received.find((r) => r.method === 'POST');
    expect(post?.url.pathname).toBe('/api/cases/0b8e3c2a-5f1d-4e7a-9c6b-2d4f8a1e3b57/referrals');
    expect(post?.body).toEqual({
      partnerAgencyId: 'suchtberatung-nord',
      purpose: 'health_promotion',
      sharedCategories: ['addiction'],
      reason: 'Beratung zum Alkoholkonsum',
    });
  });

  it('offers nothing to a partner no consent names', async () => {
    const fake = fakeApi({
      'GET /api/partners': { items: [suchtberatung] },
      'GET /api/cases/0b8e3c2a-5f1d-4e7a-9c6b-2d4f8a1e3b57': caseView,
      'GET /api/cases/0b8e3c2a-5f1d-4e7a-9c6b-2d4f8a1e3b57/consents': { items: [] },
    });
    mockFetch = fake.fetchImpl;
    const user = userEvent.setup();
    renderWithProviders(<ReferralForm caseId="0b8e3c2a-5f1d-4e7a-9c6b-2d4f8a1e3b57" />);
    await user.click(screen.getByRole('button', { name: 'Partner suchen' }));
    await user.click(await screen.findByRole('radio', { name: /^Suchtberatung Nord/ }));
    const group = await screen.findByRole('group', { name: 'Welche Daten weitergegeben werden' });
    expect(within(group).queryAllByRole('checkbox')).toEqual([]);
    expect(
      await screen.findByText('Sucht: keine Einwilligung für Sucht an Suchtberatung Nord (Zweck Gesundheitsförderung)'),
    ).toBeTruthy();
    expect(screen.getByText(/Nichts kann weitergegeben werden/)).toBeTruthy();
  });
  it('says before sending that a referral to an addiction service is addiction data the purpose does not read', async () => {
    act(() => session.update({ purpose: 'coordination' }));
    const fake = fakeApi({
      'GET /api/partners': { items: [suchtberatung] },
      'GET /api/cases/0b8e3c2a-5f1d-4e7a-9c6b-2d4f8a1e3b57': {
        access: {
          purpose: 'coordination',
          legalBasis: Object.fromEntries(
            ['identity', 'case_admin', 'contacts', 'plan', 'referrals', 'progress'].map((c) => [c, 'team']),
          ),
        },
        withheld: [],
      },
      'GET /api/cases/0b8e3c2a-5f1d-4e7a-9c6b-2d4f8a1e3b57/consents': {
        items: [{ ...consents.items[0], purposes: ['coordination'], dataCategories: ['identity'] }],
      },
    });
    mockFetch = fake.fetchImpl;
    const user = userEvent.setup();
    renderWithProviders(<ReferralForm caseId="0b8e3c2a-5f1d-4e7a-9c6b-2d4f8a1e3b57" />);
    await user.click(screen.getByRole('button', { name: 'Partner suchen' }));
    await user.click(await screen.findByRole('radio', { name: /^Suchtberatung Nord/ }));
    expect(
      await screen.findByText(
        'Schon eine Vermittlung an Suchtberatung Nord verrät Sucht; das dürfen Sie unter Koordination nicht lesen, also auch nicht senden. Wählen Sie oben einen Zweck, der es benötigt und den Suchtberatung Nord bedient: Gesundheitsförderung.',
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Vermittlung senden' })).toBeNull();
  });
});

/** A referral of the case as GET /api/cases/{id}/referrals answers it: sent and accepted, unless overridden. */
const acceptedReferral = (overrides: Partial<Schema<'ReferralViewDto'>>) =>
  referralView({
    sentAt: '2026-12-01T10:00:00Z',
    status: 'accepted',
    acceptedAt: '2026-12-02T10:00:00Z',
    steps: [
      { status: 'sent', at: '2026-12-01T10:00:00Z', by: 'anna.coach' },
      { status: 'accepted', at: '2026-12-02T10:00:00Z', by: 'emil.counsel' },
    ],
    ...overrides,
  });

describe('who is offered the form', () => {
  const CASE = '0b8e3c2a-5f1d-4e7a-9c6b-2d4f8a1e3b57';
  const asReader = (access: { recordable: string[]; mayRefer: boolean }) => {
    const fake = fakeApi({
      [`GET /api/cases/${CASE}`]: { ...caseView, access: { ...caseView.access, ...access } },
      [`GET /api/cases/${CASE}/consents`]: consents,
    });
    mockFetch = fake.fetchImpl;
    renderWithProviders(<ReferralSending caseId={CASE} />);
    return fake;
  };

  it('the case team, who may refer: the form', async () => {
    asReader({ recordable: ['identity', 'referrals'], mayRefer: true });
    expect(await screen.findByRole('heading', { name: 'Vermittlung senden' })).toBeTruthy();
  });

  it("a referral's partner, who answers it and does not refer on: no form, the way to its inbox", async () => {
    const fake = asReader({ recordable: ['identity', 'referrals', 'addiction'], mayRefer: false });
    expect(
      await screen.findByText(
        /Ihre Stelle beantwortet die Vermittlung an sie; eine Vermittlung an eine weitere Stelle/,
      ),
    ).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Zum Posteingang' }).getAttribute('href')).toBe('/inbox');
    expect(screen.queryByRole('heading', { name: 'Vermittlung senden' })).toBeNull();
    // The form's reads are not made: the partner is not asked for the case's consents.
    expect(fake.received.map((r) => r.url.pathname)).toEqual([`/api/cases/${CASE}`]);
  });

  it('a reader who may record nothing (a supervising team lead): reading only', async () => {
    asReader({ recordable: [], mayRefer: false });
    expect(await screen.findByText(/Sie können die Vermittlungen lesen, aber keine senden/)).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Vermittlung senden' })).toBeNull();
  });
});

describe("the case's referrals", () => {
  it('shows each with its course', async () => {
    const fake = fakeApi({
      'GET /api/cases/0b8e3c2a-5f1d-4e7a-9c6b-2d4f8a1e3b57/referrals': {
        items: [acceptedReferral({ plannedAppointmentAt: '2026-12-10T09:30:00Z' })],
      },
    });
    mockFetch = fake.fetchImpl;
    renderWithProviders(<ReferralList caseId="0b8e3c2a-5f1d-4e7a-9c6b-2d4f8a1e3b57" />);
    const row = await screen.findByRole('row', { name: /Suchtberatung Nord/ });
    expect(within(row).getByText('Person und Sucht')).toBeTruthy();
    expect(
      within(row)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['gesendet am 01.12.2026', 'angenommen am 02.12.2026', 'Ersttermin geplant für 10.12.2026']);
  });

  it('tells a completed referral in order, the first appointment once with its waiting time', async () => {
    mockFetch = fakeApi({
      'GET /api/cases/0b8e3c2a-5f1d-4e7a-9c6b-2d4f8a1e3b57/referrals': {
        items: [
          acceptedReferral({
            id: 'r-2',
            partner: { agencyId: 'praxis-yilmaz', name: 'Praxis Yilmaz', agencyType: 'health_provider' },
            sharedCategories: ['identity', 'health'],
            status: 'completed',
            plannedAppointmentAt: '2026-12-04T09:30:00Z',
            firstAppointmentAt: '2026-12-04T09:30:00Z',
            waitingDays: 3,
            completedAt: '2026-12-05T10:00:00Z',
            attestation: { attended: true, goalReached: false },
            steps: [
              { status: 'sent', at: '2026-12-01T10:00:00Z', by: 'anna.coach' },
              { status: 'accepted', at: '2026-12-02T10:00:00Z', by: 'deniz.psych' },
              { status: 'first_appointment', at: '2026-12-04T12:00:00Z', by: 'deniz.psych' },
              { status: 'completed', at: '2026-12-05T10:00:00Z', by: 'deniz.psych' },
            ],
          }),
        ],
      },
    }).fetchImpl;
    renderWithProviders(<ReferralList caseId="0b8e3c2a-5f1d-4e7a-9c6b-2d4f8a1e3b57" />);
    const row = await screen.findByRole('row', { name: /Praxis Yilmaz/ });
    expect(
      within(row)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'gesendet am 01.12.2026',
      'angenommen am 02.12.2026',
      'Ersttermin fand statt am 04.12.2026 (Wartezeit 3 Tage)',
      'abgeschlossen am 05.12.2026',
      'Teilgenommen: ja, Ziel erreicht: nein',
    ]);
  });
});
