import { act, fireEvent, screen } from '@testing-library/react';
import { session } from '../../session/session-store';
import { fakeApi, renderWithProviders } from '../../testing/fake-api';
import { CLARA_CHILD_PROTECTION_SESSION } from '../../testing/session-fixture';
import { OpenByNumber } from './OpenByNumber';

const mockNavigate = jest.fn<Promise<void> | undefined, [string]>();
// react-router ships ES modules only, which jest here does not load; the form only navigates.
jest.mock('react-router', () => ({ useNavigate: () => mockNavigate }), { virtual: true });
let mockFetch: (input: RequestInfo | URL) => Promise<Response> = () => Promise.reject(new Error('no fake'));
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input)) };
});

beforeEach(() => {
  mockNavigate.mockClear();
  act(() => session.set(CLARA_CHILD_PROTECTION_SESSION));
});

const open = (number: string) => {
  fireEvent.change(screen.getByLabelText('Fallnummer'), { target: { value: number } });
  fireEvent.click(screen.getByRole('button', { name: 'Fall öffnen' }));
};

describe('OpenByNumber (a case not in the list, under child_protection)', () => {
  it('says under the field what a case number looks like, and goes nowhere', () => {
    const api = fakeApi({});
    mockFetch = api.fetchImpl;
    renderWithProviders(<OpenByNumber />);
    open('Akte 4711');
    expect(screen.getByRole('alert').textContent).toContain('Eine Fallnummer hat 36 Zeichen');
    expect(screen.getByLabelText('Fallnummer').getAttribute('aria-invalid')).toBe('true');
    expect(mockNavigate).not.toHaveBeenCalled();
    expect(api.received).toEqual([]);
  });

  it('opens the case page of a number, written as it may be pasted', () => {
    const api = fakeApi({});
    mockFetch = api.fetchImpl;
    renderWithProviders(<OpenByNumber />);
    open('  5B0D0000-0000-4000-8000-0000000000C1 ');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(mockNavigate.mock.calls).toEqual([['/cases/5b0d0000-0000-4000-8000-0000000000c1']]);
    expect(api.received).toEqual([]);
  });
});
