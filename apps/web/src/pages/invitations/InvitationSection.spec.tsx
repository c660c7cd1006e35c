import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { session } from '../../session/session-store';
import { fakeApi, renderWithProviders } from '../../testing/fake-api';
import { ANNA_POLICY } from '../../testing/session-fixture';
import { InvitationSection } from './InvitationSection';

let mockFetch: (input: RequestInfo | URL) => Promise<Response> = () => Promise.reject(new Error('no fake'));
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input)) };
});

const anna = {
  userId: 'anna.coach',
  displayName: 'anna.coach',
  role: 'caseworker',
  agencyId: 'jobcenter-mitte',
  agencyType: 'jobcenter',
} as const;

describe('Zugang für die Person', () => {
  it('issues a code on request and shows it once with its expiry', async () => {
    act(() => session.set({ token: 't', user: anna, purpose: 'integration', ...ANNA_POLICY }));
    const fake = fakeApi({
      'POST /api/cases/case-1/participant-invitations': { code: 'ABCD-EFGH-JKMN', expiresAt: '2026-12-18T12:00:00Z' },
    });
    mockFetch = fake.fetchImpl;
    const user = userEvent.setup();
    renderWithProviders(<InvitationSection caseId="case-1" />);
    expect(fake.received).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Einladungscode erstellen' }));
    const shown = await screen.findByTestId('invitation-code');
    expect(shown.textContent).toContain('Einladungscode: ABCD-EFGH-JKMN');
    expect(shown.textContent).toContain('Gültig bis 18.12.2026');
    expect(screen.getByRole('button', { name: 'Code drucken' })).toBeTruthy();
    expect(fake.received.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      'POST /api/cases/case-1/participant-invitations',
    ]);
  });

  it('is not offered to other roles', () => {
    act(() => session.set({ token: 't', user: { ...anna, role: 'partner_staff' }, purpose: 'coordination' }));
    renderWithProviders(<InvitationSection caseId="case-1" />);
    expect(screen.queryByRole('button', { name: 'Einladungscode erstellen' })).toBeNull();
  });
});
