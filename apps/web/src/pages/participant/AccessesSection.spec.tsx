import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { sessionMiddleware } from '../../api/client';
import { session } from '../../session/session-store';
import { fakeApi, renderWithProviders } from '../../testing/fake-api';
import { AccessesSection } from './AccessesSection';
import { participantErasureTexts } from './erasure-texts';
import { participantTexts } from './texts';
import { addTexts } from '../../i18n/texts';

addTexts('participant', participantTexts);
addTexts('participantErasure', participantErasureTexts);

// The screen's `api` is the real typed client over a fake fetch: what it sends is what the API would get.
let mockFetch: (input: RequestInfo | URL) => Promise<Response> = () => Promise.reject(new Error('no fake'));
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input)) };
});

const lena = {
  userId: 'lena.teilnehmerin',
  displayName: 'Lena Teilnehmerin',
  role: 'participant',
  agencyId: '',
} as const;

// GET /api/me/cases/case-1/accesses as the API answers it. The first item carries a staff user id the
// contract does not have: the screen must show only the fields it knows, never a staff member.
const accesses = {
  total: 45,
  notifications: [
    {
      recipient: { kind: 'agency', id: 'jugendamt-mitte', name: 'Jugendamt Mitte' },
      trigger: 'restricted',
      categories: ['health'],
      notifiedAt: '2026-12-04T12:00:00Z',
      line: 'Mitteilung nach Art. 19 DSGVO an Jugendamt Mitte am 4. Dezember 2026: Einschränkung der Verarbeitung',
    },
  ],
  items: [
    {
      index: 41,
      occurredAt: '2026-12-04T11:00:00Z',
      agency: { id: 'jugendamt-mitte', name: 'Jugendamt Mitte' },
      role: 'caseworker',
      action: 'read',
      categories: ['identity', 'youth_welfare'],
      purpose: 'youth_support',
      legalBasis: [{ kind: 'consent', consentId: 'c-1', consentGivenAt: '2026-12-04T09:30:00Z' }],
      decision: 'permit',
      userId: 'clara.youth',
    },
    {
      index: 17,
      occurredAt: '2026-12-03T12:00:00Z',
      agency: { id: 'jobcenter-mitte', name: 'Jobcenter Mitte' },
      role: 'caseworker',
      action: 'record_contact',
      categories: ['contacts'],
      purpose: 'integration',
      legalBasis: [{ kind: 'team', statute: '§ 35 SGB I' }],
      decision: 'permit',
    },
    {
      index: 12,
      occurredAt: '2026-12-02T12:00:00Z',
      agency: { id: 'suchtberatung-nord', name: 'Suchtberatung Nord' },
      role: 'partner_staff',
      action: 'read',
      categories: ['addiction'],
      purpose: 'coordination',
      legalBasis: [],
      decision: 'deny',
    },
  ],
};

beforeEach(() => act(() => session.set({ token: 't', user: lena })));

const accessRequests = (received: { method: string; url: URL }[]) =>
  received.filter((r) => r.url.pathname === '/api/me/cases/case-1/accesses');

describe('Wer hat meine Daten gesehen?', () => {
  it('names agency, role, data, purpose and the legal basis in words — never the staff member', async () => {
    const fake = fakeApi({ 'GET /api/me/cases/case-1/accesses': accesses });
    mockFetch = fake.fetchImpl;
    renderWithProviders(<AccessesSection caseId="case-1" />);

    const youth = await screen.findByRole('article', { name: /Jugendamt Mitte$/ });
    // Art. 19 GDPR: a line per recipient told of an erasure or restriction.
    expect(
      screen.getByText(
        'Mitteilung nach Art. 19 DSGVO an Jugendamt Mitte am 4. Dezember 2026: Einschränkung der Verarbeitung',
      ),
    ).toBeTruthy();
    expect(within(youth).getByText('Ihre Einwilligung vom 04.12.2026')).toBeTruthy();
    expect(within(youth).getByText('Fallmanagement')).toBeTruthy();
    expect(within(youth).getByText('Person, Jugendhilfe (§ 65 SGB VIII)')).toBeTruthy();
    expect(within(youth).getByText('Jugendhilfe')).toBeTruthy();
    expect(within(youth).getByText('erlaubt')).toBeTruthy();

    const jobcenter = screen.getByRole('article', { name: /Jobcenter Mitte$/ });
    expect(
      within(jobcenter).getByText(
        'gesetzliche Aufgabe von Jobcenter Mitte (Mitarbeitende in Ihrem Fallteam, § 35 SGB I)',
      ),
    ).toBeTruthy();
    expect(within(jobcenter).getByText('einen Kontakt eingetragen')).toBeTruthy();

    const refused = screen.getByRole('article', { name: /Suchtberatung Nord$/ });
    expect(refused.getAttribute('data-decision')).toBe('deny');
    expect(within(refused).getByText('abgelehnt – die Stelle hat die Daten nicht bekommen')).toBeTruthy();
    expect(within(refused).getByText('keine – deshalb abgelehnt')).toBeTruthy();
    expect(within(refused).getByText('Mitarbeitende einer Partnerstelle')).toBeTruthy();

    // No staff user id anywhere, and no raw basis codes.
    expect(document.body.textContent).not.toContain('clara.youth');
    expect(document.body.textContent).not.toContain('consent:');
    expect(screen.getByText('Zugriffe 1–3 von 45')).toBeTruthy();
    for (const article of screen.getAllByRole('article')) {
      expect(within(article).getByRole('button', { name: 'Prüfen' })).toBeTruthy();
      expect(within(article).getByRole('button', { name: 'Diesen Zugriff hinterfragen' })).toBeTruthy();
    }
  });

  it('filters by result and pages from the first page of the filter', async () => {
    const fake = fakeApi({ 'GET /api/me/cases/case-1/accesses': accesses });
    mockFetch = fake.fetchImpl;
    const user = userEvent.setup();
    renderWithProviders(<AccessesSection caseId="case-1" />);
    await screen.findAllByRole('article');

    await user.click(screen.getByRole('button', { name: 'Nächste Seite' }));
    await screen.findAllByRole('article');
    expect(accessRequests(fake.received).at(-1)?.url.searchParams.get('offset')).toBe('20');

    await user.click(screen.getByRole('button', { name: /Ergebnis/ }));
    await user.click(await screen.findByRole('option', { name: /^abgelehnt/ }));
    await screen.findAllByRole('article');
    const last = accessRequests(fake.received).at(-1)!.url.searchParams;
    expect(last.get('decision')).toBe('deny');
    expect(last.get('offset')).toBe('0');
    expect(last.get('limit')).toBe('20');
  });

  it('opens a question about one entry and sends it with the entry’s index', async () => {
    const fake = fakeApi({
      'GET /api/me/cases/case-1/accesses': accesses,
      'POST /api/me/cases/case-1/questions': {
        id: 'q-1',
        askedAt: '2026-12-04T12:00:00Z',
        dueAt: '2027-01-04T12:00:00Z',
      },
    });
    mockFetch = fake.fetchImpl;
    const user = userEvent.setup();
    renderWithProviders(<AccessesSection caseId="case-1" />);
    const youth = await screen.findByRole('article', { name: /Jugendamt Mitte$/ });
    await user.click(within(youth).getByRole('button', { name: 'Diesen Zugriff hinterfragen' }));
    await user.click(within(youth).getByRole('button', { name: 'Frage senden' }));
    expect(within(youth).getByText('Bitte schreiben Sie Ihre Frage.')).toBeTruthy();
    await user.type(within(youth).getByRole('textbox', { name: /Ihre Frage/ }), 'Warum?');
    await user.click(within(youth).getByRole('button', { name: 'Frage senden' }));
    expect(
      await within(youth).findByText('Ihre Frage ist gesendet. Sie bekommen spätestens bis 04.01.2027 eine Antwort.'),
    ).toBeTruthy();
    const post = fake.received.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({ accessIndex: 41, text: 'Warum?' });
  });
});

describe('the client for a participant', () => {
  it('sends the token but no X-Purpose, even if a purpose were left in the session', () => {
    act(() => session.set({ token: 't', user: lena, purpose: 'integration' }));
    const request = new Request('http://127.0.0.1/api/me/cases');
    const sent = sessionMiddleware.onRequest({ request } as never);
    expect(sent.headers.get('Authorization')).toBe('Bearer t');
    expect(sent.headers.has('X-Purpose')).toBe(false);
  });
});
