import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { session } from '../../session/session-store';
import { fakeApi, renderWithProviders } from '../../testing/fake-api';
import type { DueReport } from './retention-queries';
import { RetentionPanel } from './RetentionPanel';
import { FRIEDA_SESSION } from '../../testing/session-fixture';

let mockFetch: (input: RequestInfo | URL) => Promise<Response> = () => Promise.reject(new Error('no fake'));
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input)) };
});

const HELD = '3f2b8c1e-0d4a-4c9e-9b7a-2e1f0c3d4b5a';
const REPORT: DueReport = {
  until: '2027-01-04T09:00:00.000Z',
  truncated: false,
  items: [
    {
      caseId: '8a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      retentionClass: 'sgb2-file',
      action: 'offer_to_archive',
      nextStep: 'offer_to_archive',
      dueAt: '2026-12-20T00:00:00.000Z',
      held: false,
    },
    {
      caseId: HELD,
      retentionClass: 'sgb2-sensitive',
      action: 'restrict',
      nextStep: 'restrict',
      dueAt: '2026-12-21T00:00:00.000Z',
      held: true,
    },
  ],
};

beforeEach(() => act(() => session.set(FRIEDA_SESSION)));

describe('Aufbewahrung', () => {
  it('lists what the run will do, held cases marked, in a captioned table of case numbers', async () => {
    const fake = fakeApi({ 'GET /api/dpo/retention/due': REPORT });
    mockFetch = fake.fetchImpl;
    renderWithProviders(<RetentionPanel />);
    const table = await screen.findByRole('table', { name: 'Fällige Schritte der Aufbewahrung' });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]!.textContent).toContain('dem Archiv anbieten');
    expect(rows[1]!.textContent).toContain('nein');
    expect(rows[2]!.textContent).toContain('Verarbeitung einschränken');
    expect(rows[2]!.textContent).toContain('ja');
    expect(fake.received[0]?.url.searchParams.get('within')).toBe('P30D');
  });

  it('holds a case with a coded reason and releases it', async () => {
    const fake = fakeApi({
      'GET /api/dpo/retention/due': REPORT,
      [`POST /api/cases/${HELD}/retention-hold`]: { version: 5 },
      [`POST /api/cases/${HELD}/retention-hold/release`]: { version: 6 },
    });
    mockFetch = fake.fetchImpl;
    renderWithProviders(<RetentionPanel />);
    const form = screen.getByRole('form', { name: 'Fall anhalten oder freigeben' });
    await userEvent.type(within(form).getByLabelText(/Fallnummer/), HELD);
    await userEvent.click(within(form).getByRole('button', { name: 'Anhalten' }));
    expect(await within(form).findByText(`Fall ${HELD.slice(0, 8)} ist angehalten.`)).toBeTruthy();
    expect(fake.received.find((r) => r.method === 'POST')?.body).toEqual({ reason: 'litigation' });
    await userEvent.click(within(form).getByRole('button', { name: 'Freigeben' }));
    expect(await within(form).findByText(`Fall ${HELD.slice(0, 8)} ist freigegeben.`)).toBeTruthy();
  });

  it('asks for nothing while its tab is not shown (every read is logged)', () => {
    const fake = fakeApi({ 'GET /api/dpo/retention/due': REPORT });
    mockFetch = fake.fetchImpl;
    renderWithProviders(<RetentionPanel active={false} />);
    expect(fake.received).toHaveLength(0);
  });
});
