import { act, fireEvent, screen } from '@testing-library/react';
import { session } from '../../session/session-store';
import { fakeApi, renderWithProviders } from '../../testing/fake-api';
import { ANNA_SESSION } from '../../testing/session-fixture';
import { toLocalInput } from '../../components/dateTime';
import { OpenCaseForm } from './OpenCaseForm';

const mockNavigate = jest.fn();
// react-router ships ES modules only, which jest here does not load; the form only navigates to the new case.
jest.mock(
  'react-router',
  () => ({
    useNavigate: () => mockNavigate,
    Link: ({ to, children }: { to: string; children: React.ReactNode }) => <a href={to}>{children}</a>,
  }),
  { virtual: true },
);
let mockFetch: (input: RequestInfo | URL) => Promise<Response> = () => Promise.reject(new Error('no fake'));
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input)) };
});

const DAY = 86_400_000;
const CASE_ID = '5b0d0000-0000-4000-8000-0000000000c1';
const EXISTING_ID = '5b0d0000-0000-4000-8000-0000000000e1';
const NONE = { items: [], nextOffset: null };
const listed = (givenName: string, familyName: string, id = EXISTING_ID) => ({
  id,
  participant: { givenName, familyName },
  leadAgencyId: 'jobcenter-mitte',
  status: 'active',
  openedAt: '2026-11-02T09:00:00Z',
  version: 3,
  visibleAs: 'team',
  legalBasis: 'team',
});

beforeEach(() => act(() => session.set(ANNA_SESSION)));

const fill = (firstContact: Date) => {
  fireEvent.change(screen.getByLabelText('Vorname'), { target: { value: 'Mara' } });
  fireEvent.change(screen.getByLabelText('Familienname'), { target: { value: 'Beispiel' } });
  fireEvent.change(screen.getByLabelText('Geburtsdatum'), { target: { value: '1990-04-01' } });
  fireEvent.change(screen.getByLabelText('Erstkontakt'), { target: { value: toLocalInput(firstContact) } });
  fireEvent.click(screen.getByRole('button', { name: 'Fall eröffnen' }));
};

describe('Fall eröffnen: the first contact', () => {
  it.each([
    ['tomorrow', 1, 'Der Erstkontakt liegt in der Zukunft.'],
    ['91 days back', -91, 'Der Erstkontakt liegt mehr als 90 Tage zurück.'],
  ])('says under the field why %s is refused, and sends nothing', (_when, days, why) => {
    const api = fakeApi({ 'POST /api/cases': { id: CASE_ID, version: 1 } });
    mockFetch = api.fetchImpl;
    renderWithProviders(<OpenCaseForm />);
    fill(new Date(Date.now() + days * DAY));

    const field = screen.getByLabelText('Erstkontakt');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const error = screen.getByRole('alert');
    expect(error.textContent).toContain(why);
    expect(field.getAttribute('aria-describedby')).toContain(error.id);
    expect(api.received).toEqual([]);
  });

  it('sends one that took place within 90 days, and forgets an earlier refusal when the field changes', async () => {
    const api = fakeApi({ 'GET /api/cases': NONE, 'POST /api/cases': { id: CASE_ID, version: 1 } });
    mockFetch = api.fetchImpl;
    renderWithProviders(<OpenCaseForm />);
    fill(new Date(Date.now() + DAY));
    expect(screen.getByRole('alert')).toBeTruthy();

    const threeDaysBack = new Date(Date.now() - 3 * DAY);
    fill(threeDaysBack);

    await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(api.received.map((r) => [r.method, r.url.pathname])).toEqual([
      ['GET', '/api/cases'],
      ['POST', '/api/cases'],
    ]);
    expect(api.received[1]?.body).toMatchObject({
      firstContactAt: new Date(toLocalInput(threeDaysBack)).toISOString(),
    });
    expect(mockNavigate).toHaveBeenCalledWith(`/cases/${CASE_ID}`);
  });
});

describe('Fall eröffnen: a case the reader already sees of the person', () => {
  it('names it with a link and opens a second case only when asked again', async () => {
    const api = fakeApi({
      'GET /api/cases': { items: [listed('Mara', 'Beispiel')], nextOffset: null },
      'POST /api/cases': { id: CASE_ID, version: 1 },
    });
    mockFetch = api.fetchImpl;
    renderWithProviders(<OpenCaseForm />);
    fill(new Date(Date.now() - DAY));

    const found = await screen.findByRole('alert');
    expect(found.textContent).toContain(
      'Für diese Person (gleicher Name, geboren am 01.04.1990) gibt es schon einen Fall, den Sie sehen:',
    );
    expect(screen.getByRole('link', { name: 'Beispiel, Mara' }).getAttribute('href')).toBe(`/cases/${EXISTING_ID}`);
    // Asked as "Meine Fälle" asks: the name's words and the birth date, every case the reader may see.
    const search = api.received[0]!.url.searchParams;
    expect([search.get('q'), search.get('birthDate'), search.get('scope')]).toEqual([
      'Mara Beispiel',
      '1990-04-01',
      'all',
    ]);
    expect(api.received.filter((r) => r.method === 'POST')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Trotzdem neuen Fall eröffnen' }));
    await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(api.received.map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(mockNavigate).toHaveBeenCalledWith(`/cases/${CASE_ID}`);
  });

  it('opens the case at once when the search finds only other people (a longer family name)', async () => {
    const api = fakeApi({
      'GET /api/cases': { items: [listed('Mara', 'Beispielhaft')], nextOffset: null },
      'POST /api/cases': { id: CASE_ID, version: 1 },
    });
    mockFetch = api.fetchImpl;
    renderWithProviders(<OpenCaseForm />);
    fill(new Date(Date.now() - DAY));
    await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(api.received.map((r) => r.method)).toEqual(['GET', 'POST']);
  });
});
