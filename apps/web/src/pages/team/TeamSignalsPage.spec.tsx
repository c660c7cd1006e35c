import { render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { Schema } from '../../api/client';
import { i18n } from '../../i18n/i18n';
import { Waiting } from './TeamSignalsPage';

// react-router ships as ES modules only: its Link as a plain anchor here (as the other page specs do).
jest.mock(
  'react-router',
  () => ({
    Link: ({ to, children }: { to: string; children: React.ReactNode }) => <a href={to}>{children}</a>,
  }),
  { virtual: true },
);

const show = (rows: Schema<'WaitingReferralDto'>[], withheld: number) =>
  render(
    <I18nextProvider i18n={i18n}>
      <Waiting rows={rows} withheld={withheld} />
    </I18nextProvider>,
  );

const waiting: Schema<'WaitingReferralDto'> = {
  caseId: '5b0d7c1e-8f6a-4c2b-9d3e-1a2b3c4d5e6f',
  referralId: 'r-1',
  partnerAgencyId: 'schuldnerberatung-ost',
  sentAt: '2026-12-01T09:00:00.000Z',
  daysWaiting: 6,
  status: 'sent',
};

describe('Team signals: referrals waiting for a first appointment', () => {
  it('says none is waiting only when none is', () => {
    show([], 0);
    expect(screen.getByText('Keine Vermittlung wartet auf einen Ersttermin.')).toBeTruthy();
  });

  it('does not say none is waiting above a count of waiting referrals it may not list', () => {
    show([], 1);
    expect(screen.queryByText('Keine Vermittlung wartet auf einen Ersttermin.')).toBeNull();
    expect(screen.queryByText(/weitere/)).toBeNull();
    expect(
      screen.getByText(
        /^1 Vermittlung wartet auf einen Ersttermin, ist hier aber nicht aufgeführt: ihre Partnerstelle/,
      ),
    ).toBeTruthy();
  });

  it('lists the ones it may and counts the others as further ones', () => {
    show([waiting], 2);
    expect(screen.getByRole('table', { name: 'Vermittlungen ohne Ersttermin' })).toBeTruthy();
    expect(screen.getByText(/^2 weitere wartende Vermittlungen sind nicht aufgeführt/)).toBeTruthy();
    expect(screen.queryByText('Keine Vermittlung wartet auf einen Ersttermin.')).toBeNull();
  });
});
