import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { addTexts } from '../../i18n/texts';
import { session } from '../../session/session-store';
import { fakeApi, renderWithProviders } from '../../testing/fake-api';
import { dpoParticipantTexts } from './participant-texts';
import { QuestionsPanel } from './QuestionsPanel';
import { FRIEDA_SESSION } from '../../testing/session-fixture';

addTexts('dpoMe', dpoParticipantTexts);

let mockFetch: (input: RequestInfo | URL) => Promise<Response> = () => Promise.reject(new Error('no fake'));
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input)) };
});

const CASE = '6f1c2a9e-1111-4222-8333-444455556666';
const DAY = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();

beforeEach(() => act(() => session.set(FRIEDA_SESSION)));

describe('Fragen von Personen', () => {
  it('shows each open question with its Art. 12(3) deadline, the earliest first, and sends an answer', async () => {
    const fake = fakeApi({
      'GET /api/audit/questions': {
        items: [
          {
            id: 'q-late',
            caseId: CASE,
            accessIndex: 7,
            text: 'Warum?',
            askedAt: iso(-20),
            dueAt: iso(10),
            overdue: false,
          },
          {
            id: 'q-over',
            caseId: CASE,
            accessIndex: 3,
            text: 'Wer?',
            askedAt: iso(-33),
            dueAt: iso(-2.5),
            overdue: true,
          },
          {
            id: 'q-done',
            caseId: CASE,
            accessIndex: 1,
            text: 'Wann?',
            askedAt: iso(-40),
            dueAt: iso(-9),
            overdue: false,
            answer: { text: 'Am Montag.', answeredAt: iso(-12) },
          },
        ],
      },
      'POST /api/audit/questions/q-late/answer': { id: 'q-late', answeredAt: iso(0) },
    });
    mockFetch = fake.fetchImpl;
    const user = userEvent.setup();
    renderWithProviders(<QuestionsPanel />);

    const articles = await screen.findAllByRole('article');
    expect(articles.map((a) => a.getAttribute('data-question'))).toEqual(['q-over', 'q-late', 'q-done']);
    expect(within(articles[0]!).getByText(/überfällig seit 3 Tagen/)).toBeTruthy();
    expect(within(articles[1]!).getByText(/\(noch 10 Tage\)/)).toBeTruthy();
    expect(within(articles[2]!).getByText('Am Montag.')).toBeTruthy();
    expect(within(articles[2]!).queryByRole('textbox')).toBeNull();

    await user.click(within(articles[1]!).getByRole('button', { name: 'Antwort senden' }));
    expect(within(articles[1]!).getByText('Bitte schreiben Sie eine Antwort.')).toBeTruthy();
    await user.type(within(articles[1]!).getByRole('textbox', { name: /Antwort/ }), 'Weil Sie zugestimmt haben.');
    await user.click(within(articles[1]!).getByRole('button', { name: 'Antwort senden' }));
    expect(await screen.findByText('Antwort gesendet.')).toBeTruthy();
    expect(fake.received.find((r) => r.method === 'POST')?.body).toEqual({ text: 'Weil Sie zugestimmt haben.' });
  });
});
