import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { api, type Schema } from '../../api/client';
import { i18n } from '../../i18n/i18n';
import { addTexts } from '../../i18n/texts';
import { ReferralCard } from './ReferralCard';
import { inboxTexts } from './texts';
import { referralView } from '../../testing/referral-fixture';

addTexts('inbox', inboxTexts);

// react-router ships as ES modules only, which jest's CommonJS run cannot load; the card needs its Link.
jest.mock('react-router', () => ({
  Link: ({ to, children }: { to: string; children: React.ReactNode }) => <a href={to}>{children}</a>,
}));

const referral = referralView();

/** The card as the inbox page shows it: its outcome announced in a live region. */
function Harness({ shown = referral }: { shown?: Schema<'ReferralInboxItemDto'> }) {
  const [message, setMessage] = useState('');
  return (
    <>
      <ReferralCard referral={shown} onDone={setMessage} />
      <p role="status">{message}</p>
    </>
  );
}

function show(shown?: Schema<'ReferralInboxItemDto'>) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <Harness {...(shown ? { shown } : {})} />
      </QueryClientProvider>
    </I18nextProvider>,
  );
}

describe('ReferralCard (the partner inbox actions)', () => {
  let post: jest.SpyInstance;
  beforeEach(() => {
    post = jest.spyOn(api, 'POST').mockResolvedValue({ data: { version: 2 }, response: new Response() });
  });
  afterEach(() => post.mockRestore());

  it('names the participant when the API gives the name, and says so when it was erased', () => {
    const { unmount } = show({ ...referral, participant: { givenName: 'Mara', familyName: 'Beispiel' } });
    const card = screen.getByRole('article', { name: /Vermittlung von jobcenter-mitte/ });
    const term = [...card.querySelectorAll('dt')].find((dt) => dt.textContent === 'Teilnehmende Person');
    expect(term?.nextElementSibling?.textContent).toBe('Beispiel, Mara');
    unmount();
    show({ ...referral, participant: { erased: true } });
    expect(screen.getByRole('article').textContent).toContain('Angaben zur Person gelöscht');
  });

  it('shows no person where the API gives no name (the reader may not read identity)', () => {
    show();
    const card = screen.getByRole('article', { name: /Vermittlung von jobcenter-mitte/ });
    expect([...card.querySelectorAll('dt')].map((dt) => dt.textContent)).not.toContain('Teilnehmende Person');
  });

  it('shows the referral and accepts it with the accept call for this case and referral', async () => {
    show();
    expect(screen.getByRole('article', { name: /Vermittlung von jobcenter-mitte/ }).textContent).toContain(
      'Beratung zum Alkoholkonsum',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Annehmen' }));

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Vermittlung angenommen.'));
    expect(post).toHaveBeenCalledTimes(1);
    expect(post).toHaveBeenCalledWith('/api/cases/{id}/referrals/{referralId}/accept', {
      params: { path: { id: 'case-1', referralId: 'ref-1' } },
    });
  });

  it('declines only with a reason: without one it says so and sends nothing', async () => {
    show();
    fireEvent.click(screen.getByRole('button', { name: 'Ablehnen' }));
    expect(screen.getByRole('button', { name: 'Ablehnen' }).getAttribute('aria-expanded')).toBe('true');

    fireEvent.click(screen.getByRole('button', { name: 'Ablehnung senden' }));

    expect(screen.getByRole('alert').textContent).toBe('Bitte einen Grund der Ablehnung wählen.');
    expect(screen.getByRole('group', { name: 'Grund der Ablehnung' }).getAttribute('aria-invalid')).toBe('true');
    expect(post).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('radio', { name: 'Keine Kapazität' }));
    fireEvent.click(screen.getByRole('button', { name: 'Ablehnung senden' }));

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Vermittlung abgelehnt.'));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(post).toHaveBeenCalledWith('/api/cases/{id}/referrals/{referralId}/decline', {
      params: { path: { id: 'case-1', referralId: 'ref-1' } },
      body: { reason: 'no_capacity' },
    });
  });

  it('does not confirm a first appointment that is still ahead, and says so in words', () => {
    const ahead = new Date(Date.now() + 2 * 86_400_000).toISOString();
    show({ ...referral, status: 'accepted', acceptedAt: '2026-12-02T09:00:00Z', plannedAppointmentAt: ahead });

    fireEvent.click(screen.getByRole('button', { name: 'Ersttermin als stattgefunden bestätigen' }));

    expect(screen.getByRole('alert').textContent).toMatch(/^Der Ersttermin liegt noch in der Zukunft \(.+\)\./);
    expect(post).not.toHaveBeenCalled();
  });
});
