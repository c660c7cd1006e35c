import { act, fireEvent, screen } from '@testing-library/react';
import { session } from '../../session/session-store';
import { fakeApi, renderWithProviders } from '../../testing/fake-api';
import { CLARA_CHILD_PROTECTION_SESSION } from '../../testing/session-fixture';
import { DeclarationForm } from './DeclarationForm';

let mockFetch: (input: RequestInfo | URL) => Promise<Response> = () => Promise.reject(new Error('no fake'));
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input)) };
});

const CASE_ID = '5b0d0000-0000-4000-8000-0000000000c1';
const ROUTE = `POST /api/cases/${CASE_ID}/child-protection-declarations`;

const onDeclared = jest.fn<undefined, [string]>();

beforeEach(() => {
  onDeclared.mockClear();
  act(() => session.set(CLARA_CHILD_PROTECTION_SESSION));
});

const declare = (text: string) => {
  fireEvent.change(screen.getByLabelText('Begründung'), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: 'Zugriff erklären' }));
};

describe('DeclarationForm (§ 8a SGB VIII)', () => {
  it('says under the field why a justification under 20 characters is refused, and sends nothing', () => {
    const api = fakeApi({ [ROUTE]: { id: 'd1', expiresAt: '2026-12-09T10:00:00.000Z' } });
    mockFetch = api.fetchImpl;
    renderWithProviders(<DeclarationForm caseId={CASE_ID} onDeclared={onDeclared} />);
    declare('  Verdacht  ');

    const field = screen.getByLabelText('Begründung');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const error = screen.getByRole('alert');
    expect(error.textContent).toBe('Die Begründung braucht mindestens 20 Zeichen (jetzt 8).');
    expect(field.getAttribute('aria-describedby')).toContain(error.id);
    expect(api.received).toEqual([]);
    expect(onDeclared).not.toHaveBeenCalled();
  });

  it('sends the trimmed justification and says until when the access holds', async () => {
    const api = fakeApi({ [ROUTE]: { id: 'd1', expiresAt: '2026-12-09T10:00:00.000Z' } });
    mockFetch = api.fetchImpl;
    renderWithProviders(<DeclarationForm caseId={CASE_ID} onDeclared={onDeclared} />);
    declare('  Meldung der Kita: Hämatome am Arm des Kindes ');

    expect(await screen.findByText(/^Zugriff erklärt, gültig bis 09\.12\.2026, \d\d:\d\d\.$/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onDeclared.mock.calls).toEqual([['2026-12-09T10:00:00.000Z']]);
    expect(api.received.map((r) => [r.method, r.url.pathname, r.body])).toEqual([
      [
        'POST',
        `/api/cases/${CASE_ID}/child-protection-declarations`,
        { justification: 'Meldung der Kita: Hämatome am Arm des Kindes' },
      ],
    ]);
  });
});
