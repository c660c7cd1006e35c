import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { session } from '../../session/session-store';
import { fakeApi, renderWithProviders } from '../../testing/fake-api';
import { ConsentForm, ConsentList } from './ConsentsPage';
import { ANNA_POLICY } from '../../testing/session-fixture';

// The screen's `api` is the real typed client over a fake fetch: what it sends is what the API would get.
let mockFetch: (input: RequestInfo | URL) => Promise<Response> = () => Promise.reject(new Error('no fake'));
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input)) };
});

// react-router ships ES modules only, which this jest setup does not load; the page reads only the case id.
jest.mock('react-router', () => ({ useParams: () => ({ id: 'case-1' }) }));

const anna = {
  userId: 'anna.coach',
  displayName: 'anna.coach',
  role: 'caseworker',
  agencyId: 'jobcenter-mitte',
  agencyType: 'jobcenter',
} as const;

const partners = {
  items: [
    { agencyId: 'jugendamt-mitte', name: 'Jugendamt Mitte', services: [], purposes: [], areas: [] },
    { agencyId: 'suchtberatung-nord', name: 'Suchtberatung Nord', services: [], purposes: [], areas: [] },
  ],
};

const consent = {
  consentId: 'c-1',
  purposes: ['health_promotion'],
  dataCategories: ['identity', 'addiction'],
  recipientAgencyIds: ['suchtberatung-nord'],
  recipientUserIds: [],
  validUntil: '2027-06-30',
  form: 'written',
  grantedBy: 'participant',
  evidenceRef: null,
  recordedBy: 'anna.coach',
  grantedAt: '2026-12-01T10:00:00Z',
  withdrawnAt: null,
  active: true,
};

beforeEach(() => act(() => session.set({ token: 't', user: anna, purpose: 'health_promotion', ...ANNA_POLICY })));

describe('recording a consent', () => {
  it('sends the chosen purposes, categories and recipient, and says in words what it allows', async () => {
    const fake = fakeApi({ 'GET /api/partners': partners, 'POST /api/cases/case-1/consents': { id: 'new' } });
    mockFetch = fake.fetchImpl;
    const user = userEvent.setup();
    renderWithProviders(<ConsentForm caseId="case-1" />);
    const summary = screen.getByRole('heading', { name: 'Was diese Einwilligung erlaubt' }).parentElement!;
    expect(summary.textContent).toContain('Noch nichts');

    await user.click(screen.getByRole('checkbox', { name: 'Zweck Gesundheitsförderung' }));
    await user.click(screen.getByRole('checkbox', { name: 'Zweck Eingliederung' }));
    await user.click(screen.getByRole('checkbox', { name: 'Kategorie Person' }));
    await user.click(screen.getByRole('checkbox', { name: 'Kategorie Sucht' }));
    await user.click(screen.getByRole('button', { name: /Empfangende Einrichtung/ }));
    await user.click(await screen.findByRole('option', { name: 'Suchtberatung Nord' }));
    fireEvent.change(screen.getByLabelText(/Gültig bis/), { target: { value: '2027-06-30' } });
    await user.click(screen.getByRole('radio', { name: 'elektronisch' }));

    // Each purpose reaches only what it needs: integration gets no addiction data.
    const sentences = within(summary)
      .getAllByRole('paragraph')
      .map((p) => p.textContent);
    expect(sentences).toEqual([
      'Suchtberatung Nord darf zum Zweck Eingliederung die Daten Person lesen, bis einschließlich 30.06.2027.',
      'Suchtberatung Nord darf zum Zweck Gesundheitsförderung die Daten Person und Sucht lesen, bis einschließlich 30.06.2027.',
    ]);
    // The grid says the same cell by cell.
    const row = screen.getByRole('row', { name: /Gesundheitsförderung/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toContain('erlaubt');
    // Special categories are explained in the form.
    expect(screen.getByText(/besondere Kategorie \(Art\. 9 DSGVO\)\. Schon eine Vermittlung/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Einwilligung erfassen' }));

    expect(await screen.findByText('Die Einwilligung ist erfasst.')).toBeTruthy();
    const post = fake.received.find((r) => r.method === 'POST');
    expect(post?.url.pathname).toBe('/api/cases/case-1/consents');
    expect(post?.body).toEqual({
      purposes: ['integration', 'health_promotion'],
      dataCategories: ['identity', 'addiction'],
      recipientAgencyIds: ['suchtberatung-nord'],
      validUntil: '2027-06-30',
      form: 'electronic',
      grantedBy: 'participant',
    });
  });

  it('sends nothing while purpose, category or recipient is missing', async () => {
    const fake = fakeApi({ 'GET /api/partners': partners });
    mockFetch = fake.fetchImpl;
    const user = userEvent.setup();
    renderWithProviders(<ConsentForm caseId="case-1" />);
    await user.click(screen.getByRole('checkbox', { name: 'Zweck Koordination' }));
    await user.click(screen.getByRole('button', { name: 'Einwilligung erfassen' }));
    expect(
      screen.getByText('Bitte wählen Sie mindestens einen Zweck, eine Kategorie und einen Empfänger.'),
    ).toBeTruthy();
    expect(fake.received.filter((r) => r.method === 'POST')).toEqual([]);
  });
});

describe('withdrawing a consent', () => {
  it('asks for confirmation, saying what stops, and withdraws only when confirmed', async () => {
    const fake = fakeApi({
      'GET /api/partners': partners,
      'GET /api/cases/case-1/consents': { items: [consent] },
      'POST /api/cases/case-1/consents/c-1/withdrawal': { version: 5 },
    });
    mockFetch = fake.fetchImpl;
    const user = userEvent.setup();
    renderWithProviders(<ConsentList caseId="case-1" mayWithdraw />);
    const row = await screen.findByRole('row', { name: /Suchtberatung Nord/ });
    expect(within(row).getByText('aktiv')).toBeTruthy();

    await user.click(within(row).getByRole('button', { name: 'Einwilligung widerrufen: Suchtberatung Nord' }));
    let dialog = screen.getByRole('alertdialog', { name: 'Einwilligung widerrufen?' });
    expect(dialog.textContent).toContain(
      'Ab sofort endet, was diese Einwilligung erlaubt: Suchtberatung Nord darf zum Zweck Gesundheitsförderung die Daten Person und Sucht lesen',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Abbrechen' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake.received.filter((r) => r.method === 'POST')).toEqual([]);

    await user.click(within(row).getByRole('button', { name: 'Einwilligung widerrufen: Suchtberatung Nord' }));
    dialog = screen.getByRole('alertdialog', { name: 'Einwilligung widerrufen?' });
    await user.click(within(dialog).getByRole('button', { name: 'Widerrufen' }));

    expect(await screen.findByText('Die Einwilligung ist widerrufen.')).toBeTruthy();
    expect(fake.received.filter((r) => r.method === 'POST').map((r) => r.url.pathname)).toEqual([
      '/api/cases/case-1/consents/c-1/withdrawal',
    ]);
  });

  it('offers no withdrawal to a reader who is not the lead agency (a recipient, a partner)', async () => {
    const fake = fakeApi({
      'GET /api/partners': partners,
      'GET /api/cases/case-1/consents': { items: [consent] },
    });
    mockFetch = fake.fetchImpl;
    renderWithProviders(<ConsentList caseId="case-1" mayWithdraw={false} />);
    const row = await screen.findByRole('row', { name: /Suchtberatung Nord/ });
    expect(within(row).getByText('aktiv')).toBeTruthy();
    expect(within(row).queryByRole('button')).toBeNull();
  });
});
