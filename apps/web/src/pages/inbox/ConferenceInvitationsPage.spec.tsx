import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type ReactNode } from 'react';
import { session } from '../../session/session-store';
import { fakeApi, renderWithProviders } from '../../testing/fake-api';
import { ANNA_POLICY } from '../../testing/session-fixture';
import { ConferenceInvitationsPage } from './InboxPage';

// react-router ships ES modules only, which jest here does not load; the page links to an identified case.
jest.mock(
  'react-router',
  () => ({ Link: ({ to, children }: { to: string; children: ReactNode }) => <a href={to}>{children}</a> }),
  {
    virtual: true,
  },
);
let mockFetch: (input: RequestInfo | URL) => Promise<Response> = () => Promise.reject(new Error('no fake'));
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input)) };
});

const clara = {
  userId: 'clara.youth',
  displayName: 'clara.youth',
  role: 'caseworker',
  agencyId: 'jugendamt-mitte',
  agencyType: 'youth_office',
} as const;

const invitation = {
  id: '5b0d0000-0000-4000-8000-0000000000f1',
  identified: true,
  pseudonym: 'TN-5B0D0000',
  caseId: '5b0d0000-0000-4000-8000-0000000000c1',
  participant: { givenName: 'Mara', familyName: 'Beispiel' },
  plannedFor: '2026-12-20T10:00:00Z',
  convenedByAgencyId: 'jobcenter-mitte',
  invitedAgencyIds: ['jugendamt-mitte'],
  participantAgreed: true,
  held: false,
  heldAt: null,
  attendedByOwnAgency: false,
};

describe('Einladungen zu Fallkonferenzen (staff without a partner inbox)', () => {
  it('lists the conferences the agency is invited to, under the purpose case conference', async () => {
    act(() => session.set({ token: 't', user: clara, purpose: 'case_conference', ...ANNA_POLICY }));
    const fake = fakeApi({
      'GET /api/conferences/invitations': { items: [invitation] },
      'GET /api/session/config': {
        profile: 'embedded',
        demoUsers: [
          {
            userId: 'anna.coach',
            displayName: 'anna.coach',
            role: 'caseworker',
            agency: { id: 'jobcenter-mitte', name: 'Jobcenter Mitte', type: 'jobcenter' },
          },
        ],
      },
    });
    mockFetch = fake.fetchImpl;
    renderWithProviders(<ConferenceInvitationsPage />);

    expect(screen.getByRole('heading', { level: 1, name: 'Einladungen zu Fallkonferenzen' })).toBeTruthy();
    const row = await screen.findByRole('row', { name: /Beispiel, Mara/ });
    expect(within(row).getByRole('link', { name: 'Beispiel, Mara' }).getAttribute('href')).toBe(
      `/cases/${invitation.caseId}`,
    );
    // Who convenes, by name, in its own column.
    const columns = screen.getAllByRole('columnheader').map((header) => header.textContent);
    const cells = within(row).getAllByRole('cell');
    expect(await within(row).findByText('Jobcenter Mitte')).toBe(cells[columns.indexOf('Einberufen von')]);
    expect(screen.queryByRole('heading', { level: 2 })).toBeNull();
  });

  it('under another purpose asks for none and offers the switch', async () => {
    act(() => session.set({ token: 't', user: clara, purpose: 'youth_support', ...ANNA_POLICY }));
    const fake = fakeApi({ 'GET /api/conferences/invitations': { items: [invitation] } });
    mockFetch = fake.fetchImpl;
    renderWithProviders(<ConferenceInvitationsPage />);

    await userEvent.click(screen.getByRole('button', { name: /Fallkonferenz/ }));

    expect(session.get().purpose).toBe('case_conference');
    expect(await screen.findByRole('row', { name: /Beispiel, Mara/ })).toBeTruthy();
    // The button went with the note it stood in; the focus stayed on the page, not at its top.
    expect(screen.queryByRole('button', { name: /Fallkonferenz/ })).toBeNull();
    expect(document.activeElement).not.toBe(document.body);
    expect(document.body.contains(document.activeElement)).toBe(true);
    expect(fake.received.filter((r) => r.url.pathname === '/api/conferences/invitations')).toHaveLength(1);
  });
});
