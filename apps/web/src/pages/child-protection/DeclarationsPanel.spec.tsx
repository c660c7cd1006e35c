import { act, screen, within } from '@testing-library/react';
import { session } from '../../session/session-store';
import { fakeApi, renderWithProviders } from '../../testing/fake-api';
import { FRIEDA_SESSION } from '../../testing/session-fixture';
import { DeclarationsPanel } from './DeclarationsPanel';

let mockFetch: (input: RequestInfo | URL) => Promise<Response> = () => Promise.reject(new Error('no fake'));
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input)) };
});

beforeEach(() => act(() => session.set(FRIEDA_SESSION)));

const declaration = (n: number, justification: unknown, active: boolean) => ({
  id: `d${n}`,
  caseId: `8a1d2c3${n}-4e5f-4a6b-8c7d-9e0f1a2b3c4d`,
  userId: 'clara.youth',
  agencyId: 'jugendamt-mitte',
  justification,
  declaredAt: '2026-12-06T09:00:00.000Z',
  expiresAt: '2026-12-09T09:00:00.000Z',
  active,
});

describe('DeclarationsPanel (the DPO reviews § 8a declarations)', () => {
  it('lists each declaration with its justification, an erased one as erased', async () => {
    const api = fakeApi({
      'GET /api/child-protection-declarations': {
        items: [
          declaration(1, 'Meldung der Kita: Hämatome am Arm des Kindes', true),
          declaration(2, { erased: true }, false),
        ],
      },
    });
    mockFetch = api.fetchImpl;
    renderWithProviders(<DeclarationsPanel />);

    const table = await screen.findByRole('table', { name: 'Erklärungen nach § 8a SGB VIII' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ),
    ).toEqual([
      [
        '8a1d2c31-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        'clara.youth (jugendamt-mitte)',
        expect.stringMatching(/^09\.12\.2026, /),
        'gilt',
        'Meldung der Kita: Hämatome am Arm des Kindes',
      ],
      [
        '8a1d2c32-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        'clara.youth (jugendamt-mitte)',
        expect.stringMatching(/^09\.12\.2026, /),
        'abgelaufen',
        '(gelöscht)',
      ],
    ]);
  });

  it('asks for nothing while its tab is not shown (the read is logged)', () => {
    const api = fakeApi({ 'GET /api/child-protection-declarations': { items: [] } });
    mockFetch = api.fetchImpl;
    renderWithProviders(<DeclarationsPanel active={false} />);
    expect(api.received.filter((r) => r.url.pathname === '/api/child-protection-declarations')).toEqual([]);
  });
});
