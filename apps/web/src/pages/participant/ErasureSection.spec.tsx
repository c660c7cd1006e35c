import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { addTexts } from '../../i18n/texts';
import { session } from '../../session/session-store';
import { fakeApi, renderWithProviders } from '../../testing/fake-api';
import { ANNA_POLICY } from '../../testing/session-fixture';
import { participantErasureTexts } from './erasure-texts';
import { ErasureSection } from './ErasureSection';
import { participantTexts } from './texts';

addTexts('participant', participantTexts);
addTexts('participantErasure', participantErasureTexts);

let mockFetch: (input: RequestInfo | URL) => Promise<Response> = () => Promise.reject(new Error('no fake'));
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input)) };
});
jest.mock('react-router', () => ({ useParams: () => ({ id: 'case-1' }) }));

const lena = { userId: 'lena.teilnehmerin', displayName: 'Lena', role: 'participant', agencyId: '' } as const;

const refused = {
  requestId: 'r-1',
  caseId: 'case-1',
  channel: 'participant',
  scope: 'case',
  ground: 'no_longer_necessary',
  requestedAt: '2026-11-02T10:00:00Z',
  dueAt: '2026-12-02T10:00:00Z',
  overdue: false,
  status: 'refused',
  decision: {
    decision: 'refused_retention_duty',
    reason: 'retention_duty',
    legalSource: 'Art. 17 Abs. 3 lit. b DSGVO, § 84 Abs. 2 SGB X; sgb2-file: § 84 Abs. 2 SGB X',
    retentionClass: 'sgb2-file',
    decidedAt: '2026-11-20T10:00:00Z',
  },
  executedAt: null,
};

beforeEach(() =>
  act(() => session.set({ token: 't', user: lena, purposes: [], purposeNeeds: ANNA_POLICY.purposeNeeds })),
);

describe('Löschung beantragen', () => {
  it('says why a request was refused in plain words, and files a new one for some data', async () => {
    const fake = fakeApi({
      'GET /api/me/cases/case-1/erasure-requests': { items: [refused] },
      'POST /api/me/cases/case-1/erasure-requests': { requestId: 'r-2', dueAt: '2027-01-05T10:00:00Z' },
    });
    mockFetch = fake.fetchImpl;
    const user = userEvent.setup();
    renderWithProviders(<ErasureSection />);

    const card = await screen.findByRole('article', { name: /^Antrag vom 02\.11\.2026/ });
    expect(within(card).getByText('Abgelehnt.')).toBeTruthy();
    expect(
      within(card).getByText(/Ein Gesetz verlangt, dass die Stelle Ihre Akte noch eine bestimmte Zeit/),
    ).toBeTruthy();
    expect(within(card).getByText(/sgb2-file/)).toBeTruthy();

    await user.click(screen.getByRole('radio', { name: 'Nur bestimmte Daten' }));
    await user.click(screen.getByRole('button', { name: 'Löschung beantragen' }));
    expect(await screen.findByText('Bitte wählen Sie mindestens eine Art von Daten.')).toBeTruthy();
    expect(fake.received.filter((r) => r.method === 'POST')).toEqual([]);

    await user.click(screen.getByRole('checkbox', { name: 'Finanzen' }));
    await user.click(screen.getByRole('button', { name: 'Löschung beantragen' }));
    expect(
      await screen.findByText('Ihr Antrag ist eingegangen. Sie bekommen spätestens bis 05.01.2027 eine Antwort.'),
    ).toBeTruthy();
    expect(fake.received.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
      { scope: ['finances'], ground: 'not_stated' },
    ]);
  });
});
