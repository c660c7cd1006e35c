import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { session } from '../../session/session-store';
import { fakeApi, renderWithProviders } from '../../testing/fake-api';
import { ANNA_SESSION } from '../../testing/session-fixture';
import { CaseListPage } from './CaseListPage';

// react-router ships ES modules only, which jest here does not load; the list renders plain links.
jest.mock(
  'react-router',
  () => ({
    Link: ({ to, children }: { to: string; children: unknown }) => <a href={to}>{children as string}</a>,
    useNavigate: () => jest.fn(),
  }),
  { virtual: true },
);
let mockFetch: (input: RequestInfo | URL) => Promise<Response> = () => Promise.reject(new Error('no fake'));
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input)) };
});

beforeEach(() => act(() => session.set(ANNA_SESSION)));

const item = (n: number) => ({
  id: `5b0d0000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
  participant: { givenName: 'Mara', familyName: `Beispiel ${n}` },
  status: 'active',
  openedAt: '2026-11-02T09:00:00.000Z',
  version: 1,
  visibleAs: 'team',
  legalBasis: 'team',
});

describe('Meine Fälle: paging', () => {
  it('shows no paging under a list that fits on one page', async () => {
    const api = fakeApi({ 'GET /api/cases': { items: [item(1), item(2)], offset: 0, limit: 25, nextOffset: null } });
    mockFetch = api.fetchImpl;
    renderWithProviders(<CaseListPage />);
    expect(await screen.findByRole('link', { name: 'Beispiel 2, Mara' })).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Fälle' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Nächste Seite' })).toBeNull();
  });

  it('pages on where there is more', async () => {
    const first = { items: [item(1)], offset: 0, limit: 25, nextOffset: 25 };
    const api = fakeApi({ 'GET /api/cases': first });
    mockFetch = api.fetchImpl;
    renderWithProviders(<CaseListPage />);
    await screen.findByRole('link', { name: 'Beispiel 1, Mara' });
    const pager = screen.getByRole('navigation', { name: 'Fälle' });
    expect(within(pager).getByRole('button', { name: 'Vorherige Seite' }).hasAttribute('disabled')).toBe(true);
    await userEvent.click(within(pager).getByRole('button', { name: 'Nächste Seite' }));
    const offsets = api.received.map((r) => r.url.searchParams.get('offset'));
    expect(offsets).toEqual(['0', '25']);
  });
});
