import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { addTexts } from '../../i18n/texts';
import { session } from '../../session/session-store';
import { fakeApi, renderWithProviders } from '../../testing/fake-api';
import { ANNA_POLICY } from '../../testing/session-fixture';
import { MyConsents } from './ConsentsSection';
import { participantTexts } from './texts';

addTexts('participant', participantTexts);

let mockFetch: (input: RequestInfo | URL) => Promise<Response> = () => Promise.reject(new Error('no fake'));
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input)) };
});

// react-router ships ES modules only, which this jest setup does not load; the page reads only the case id.
jest.mock('react-router', () => ({ useParams: () => ({ id: 'case-1' }) }));

const lena = {
  userId: 'lena.teilnehmerin',
  displayName: 'Lena Teilnehmerin',
  role: 'participant',
  agencyId: '',
} as const;

const active = {
  consentId: 'c-1',
  purposes: ['youth_support'],
  dataCategories: ['identity', 'youth_welfare', 'addiction'],
  recipients: [{ id: 'jugendamt-mitte', name: 'Jugendamt Mitte' }],
  recipientUserIds: [],
  form: 'written',
  grantedBy: 'participant',
  grantedAt: '2026-12-01T10:00:00Z',
  validUntil: '2027-06-30',
  withdrawnAt: null,
  state: 'active',
  withdrawable: true,
};
const withdrawn = {
  consentId: 'c-0',
  purposes: ['health_promotion'],
  dataCategories: ['identity', 'addiction'],
  recipients: [{ id: 'suchtberatung-nord', name: 'Suchtberatung Nord' }],
  recipientUserIds: [],
  form: 'electronic',
  grantedBy: 'participant',
  grantedAt: '2026-11-02T10:00:00Z',
  validUntil: null,
  withdrawnAt: '2026-11-20T10:00:00Z',
  state: 'withdrawn',
  withdrawable: false,
};
const byGuardian = {
  ...active,
  consentId: 'c-2',
  recipients: [{ id: 'klinik-sued', name: 'Klinik Süd' }],
  purposes: ['rehabilitation'],
  grantedBy: 'legal_guardian',
  grantedAt: '2026-11-15T10:00:00Z',
  withdrawable: false,
};

// GET /api/session answers a participant with no purposes but the policy's table 2 (purposeNeeds).
beforeEach(() =>
  act(() => session.set({ token: 't', user: lena, purposes: [], purposeNeeds: ANNA_POLICY.purposeNeeds })),
);

describe('Meine Einwilligungen', () => {
  it('says what each consent allows, and withdraws one only after confirmation', async () => {
    const fake = fakeApi({
      'GET /api/me/cases/case-1/consents': { items: [active, byGuardian, withdrawn] },
      'POST /api/me/cases/case-1/consents/c-1/withdrawal': { withdrawnAt: '2026-12-04T12:00:00Z' },
    });
    mockFetch = fake.fetchImpl;
    const user = userEvent.setup();
    renderWithProviders(<MyConsents caseId="case-1" />);

    const card = await screen.findByRole('article', { name: 'Jugendamt Mitte – Einwilligung vom 01.12.2026' });
    // What youth support may need: no addiction data, even though the consent names it.
    expect(
      within(card).getByText(
        'Jugendamt Mitte darf zum Zweck „Jugendhilfe“ diese Daten sehen: Person und Jugendhilfe (§ 65 SGB VIII).',
      ),
    ).toBeTruthy();
    expect(within(card).getByText('Gültig bis einschließlich 30.06.2027')).toBeTruthy();

    // The past consent is shown, without a withdraw button.
    const past = screen.getByRole('article', { name: 'Suchtberatung Nord – Einwilligung vom 02.11.2026' });
    expect(within(past).getByText('Widerrufen am 20.11.2026')).toBeTruthy();
    expect(within(past).queryByRole('button')).toBeNull();

    // A consent the legal guardian gave is shown, but only the guardian can withdraw it.
    const guardian = screen.getByRole('article', { name: 'Klinik Süd – Einwilligung vom 15.11.2026' });
    expect(within(guardian).queryByRole('button')).toBeNull();
    expect(within(guardian).getByText(/Widerrufen kann sie nur Ihre Vertretung/)).toBeTruthy();

    const withdraw = within(card).getByRole('button', {
      name: 'Einwilligung für Jugendamt Mitte vom 01.12.2026 widerrufen',
    });
    await user.click(withdraw);
    let dialog = screen.getByRole('alertdialog', { name: 'Einwilligung widerrufen?' });
    expect(dialog.textContent).toContain('Danach endet, was diese Einwilligung erlaubt: Jugendamt Mitte darf');
    expect(dialog.textContent).toContain('ab der nächsten Anfrage für alle Stellen');
    await user.click(within(dialog).getByRole('button', { name: 'Abbrechen' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake.received.filter((r) => r.method === 'POST')).toEqual([]);

    await user.click(withdraw);
    dialog = screen.getByRole('alertdialog', { name: 'Einwilligung widerrufen?' });
    await user.click(within(dialog).getByRole('button', { name: 'Ja, widerrufen' }));

    expect(await screen.findByText('Die Einwilligung ist widerrufen.')).toBeTruthy();
    // The button is gone with the consent's move to the past ones: the focus is on the status.
    expect(document.activeElement?.textContent).toBe('Die Einwilligung ist widerrufen.');
    expect(fake.received.filter((r) => r.method === 'POST').map((r) => r.url.pathname)).toEqual([
      '/api/me/cases/case-1/consents/c-1/withdrawal',
    ]);
    // The list is read again after the withdrawal.
    expect(fake.received.filter((r) => r.method === 'GET').length).toBeGreaterThanOrEqual(2);
  });

  it('names whom each withdrawal ends, and speaks of several recipients in the plural', async () => {
    const sameDay = {
      ...active,
      consentId: 'c-3',
      purposes: ['health_promotion'],
      dataCategories: ['identity', 'addiction'],
      recipients: [{ id: 'suchtberatung-nord', name: 'Suchtberatung Nord' }],
      recipientUserIds: ['deniz.psych'],
    };
    mockFetch = fakeApi({ 'GET /api/me/cases/case-1/consents': { items: [active, sameDay] } }).fetchImpl;
    renderWithProviders(<MyConsents caseId="case-1" />);

    const both = await screen.findByRole('article', {
      name: 'Suchtberatung Nord und 1 namentlich genannte Person – Einwilligung vom 01.12.2026',
    });
    expect(
      within(both).getByText(
        'Suchtberatung Nord und 1 namentlich genannte Person dürfen zum Zweck „Gesundheitsförderung“ diese Daten sehen: Person und Sucht.',
      ),
    ).toBeTruthy();
    // Two consents of one day: each button says whose consent it withdraws.
    expect(
      screen.getByRole('button', {
        name: 'Einwilligung für Suchtberatung Nord und 1 namentlich genannte Person vom 01.12.2026 widerrufen',
      }),
    ).toBeTruthy();
    expect(
      screen.getByRole('button', { name: 'Einwilligung für Jugendamt Mitte vom 01.12.2026 widerrufen' }),
    ).toBeTruthy();
  });
});
