import { act, screen, within } from '@testing-library/react';
import { session } from '../../session/session-store';
import { fakeApi, renderWithProviders } from '../../testing/fake-api';
import type { RecordsOfProcessing } from './records-queries';
import { RecordsPanel } from './RecordsPanel';
import { FRIEDA_SESSION } from '../../testing/session-fixture';

let mockFetch: (input: RequestInfo | URL) => Promise<Response> = () => Promise.reject(new Error('no fake'));
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input)) };
});

const RECORD: RecordsOfProcessing = {
  policyVersion: '2026-12-04.3',
  retentionVersion: '2026-12-05.1',
  activities: [
    {
      purpose: 'youth_support',
      name: { de: 'Kinder- und Jugendhilfe', en: 'Youth support' },
      description: { de: 'Hilfen nach dem SGB VIII.', en: 'Help under SGB VIII.' },
      legalBases: ['§§ 61–65 SGB VIII'],
      controllers: [{ agencyId: 'jugendamt-mitte', name: 'Jugendamt Mitte', type: 'youth_office' }],
      legalDomains: ['sgb_viii'],
      dataSubjects: ['participants', 'children_of_participants', 'staff'],
      categories: [
        {
          category: 'youth_welfare',
          retention: [
            {
              domain: 'sgb_viii',
              classId: 'sgb8-file',
              period: 'P100Y',
              startsAt: 'birth_date',
              atTheEnd: 'offer_to_archive',
              legalSource: '§ 9b Abs. 2 Nr. 1 SGB VIII',
            },
          ],
        },
      ],
      recipients: [
        {
          rule: 'referral',
          agencyTypes: ['network_partner'],
          partnerServices: ['family_counselling'],
          basis: 'consent:<id>',
          internal: false,
        },
      ],
      thirdCountryTransfers: 'none',
      safeguards: [
        { id: 'purpose_binding', de: 'Zweckbindung.', en: 'Purpose binding.', source: 'docs/access-policy.md' },
      ],
    },
  ],
};

beforeEach(() => act(() => session.set(FRIEDA_SESSION)));

describe('Verzeichnis von Verarbeitungstätigkeiten', () => {
  it('shows each activity with its categories, periods and recipients in captioned tables', async () => {
    const fake = fakeApi({ 'GET /api/dpo/records-of-processing': RECORD });
    mockFetch = fake.fetchImpl;
    renderWithProviders(<RecordsPanel />);

    const section = await screen.findByRole('region', { name: 'Kinder- und Jugendhilfe' });
    expect(screen.getByRole('heading', { level: 2, name: 'Verzeichnis von Verarbeitungstätigkeiten' })).toBeTruthy();
    const periods = within(section).getByRole('table', {
      name: 'Datenkategorien und Löschfristen: Kinder- und Jugendhilfe',
    });
    const row = within(periods).getAllByRole('row')[1]!;
    expect(row.textContent).toContain('100 Jahre');
    expect(row.textContent).toContain('Geburt');
    expect(row.textContent).toContain('dem Archiv anbieten, dann löschen');
    expect(row.textContent).toContain('§ 9b Abs. 2 Nr. 1 SGB VIII');
    const recipients = within(section).getByRole('table', { name: 'Empfänger: Kinder- und Jugendhilfe' });
    expect(within(recipients).getByText('Familienberatung')).toBeTruthy();
    expect(within(section).getByText(/deren Kinder/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Drucken' })).toBeTruthy();
    expect(screen.getByText('Richtlinie 2026-12-04.3 · Aufbewahrung 2026-12-05.1')).toBeTruthy();
  });

  it('asks for nothing while its tab is not shown (every read is logged)', () => {
    const fake = fakeApi({ 'GET /api/dpo/records-of-processing': RECORD });
    mockFetch = fake.fetchImpl;
    renderWithProviders(<RecordsPanel active={false} />);
    expect(fake.received).toHaveLength(0);
  });
});
