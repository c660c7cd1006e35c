import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { addTexts } from '../../i18n/texts';
import { session } from '../../session/session-store';
import { fakeApi, renderWithProviders } from '../../testing/fake-api';
import { type EntryFilters, EntriesPanel, type EntrySearch, NO_FILTERS } from './EntriesPanel';
import { dpoTexts } from './texts';
import { FRIEDA_SESSION } from '../../testing/session-fixture';

addTexts('dpo', dpoTexts);

let mockFetch: (input: RequestInfo | URL) => Promise<Response> = () => Promise.reject(new Error('no fake'));
jest.mock('../../api/client', () => {
  const actual = jest.requireActual<typeof import('../../api/client')>('../../api/client');
  return { ...actual, api: actual.createApiClient((input) => mockFetch(input)) };
});

beforeEach(() => act(() => session.set(FRIEDA_SESSION)));

/** The panel with these filters, submitted; the searches it started. */
const submitWith = (filters: Partial<EntryFilters>) => {
  const searches: EntrySearch[] = [];
  renderWithProviders(
    <EntriesPanel
      filters={{ ...NO_FILTERS, ...filters }}
      onFilters={() => undefined}
      search={null}
      onSearch={(search) => searches.push(search)}
      onReport={() => undefined}
    />,
  );
  fireEvent.submit(screen.getByRole('form', { name: 'Einträge suchen' }));
  return searches;
};

/** The panel showing a search's results (the pages before it by their `afters`); the searches it started. */
const showResults = (afters: number[] = []) => {
  const searches: EntrySearch[] = [];
  renderWithProviders(
    <EntriesPanel
      filters={NO_FILTERS}
      onFilters={() => undefined}
      search={{ query: { limit: 50, order: 'desc' }, afters }}
      onSearch={(search) => searches.push(search)}
      onReport={() => undefined}
    />,
  );
  return searches;
};

describe('Einträge suchen: the period', () => {
  it('says that a period ending before it starts can hold no entry, and does not search', () => {
    const searches = submitWith({ from: '2026-12-10T00:00', to: '2026-12-01T00:00' });

    expect(screen.getByRole('alert').textContent).toMatch(/„Von“ liegt nach „Bis“/);
    expect(searches).toEqual([]);
  });

  it('searches a period in order', () => {
    const searches = submitWith({ from: '2026-12-01T00:00', to: '2026-12-10T00:00' });

    expect(screen.queryByRole('alert')).toBeNull();
    expect(searches).toHaveLength(1);
  });
});

describe('Einträge suchen: the case id', () => {
  it('asks for the whole id when given its first characters, and does not search', () => {
    const searches = submitWith({ caseId: '3f2b8c1e' });

    expect(screen.getByRole('alert').textContent).toMatch(/ganze Fall-ID/);
    expect(searches).toEqual([]);
  });

  it('searches by a whole id, in lower case', () => {
    const searches = submitWith({ caseId: ' 3F2B8C1E-0000-4000-8000-000000000001 ' });

    expect(screen.queryByRole('alert')).toBeNull();
    expect(searches.map((s) => s.query.caseId)).toEqual(['3f2b8c1e-0000-4000-8000-000000000001']);
  });
});

describe('Einträge suchen: the actions', () => {
  const entry = (index: number, action: string, route: string) => ({
    index,
    leafHash: 'a'.repeat(64),
    entry: {
      occurredAt: '2026-12-06T10:00:00Z',
      actor: { userId: 'anna.coach', agencyId: 'jobcenter-mitte', role: 'caseworker' },
      action,
      route,
      caseRef: null,
      categories: ['case_admin'],
      purpose: 'case_conference',
      legalBasis: ['team'],
      decision: 'permit',
      policyVersion: '2026-12-05.1',
      correlationId: null,
      outcome: 201,
      disclosure: false,
      breakGlass: false,
    },
  });

  it('names each action in words, and shows a code it has no words for as it is', async () => {
    const api = fakeApi({
      'GET /api/audit/entries': {
        items: [
          entry(7, 'schedule_conference', 'POST /api/cases/{id}/conferences'),
          entry(8, 'a_new_action', 'POST /api/somewhere'),
        ],
        next: null,
      },
    });
    mockFetch = api.fetchImpl;
    showResults();

    const rows = await screen.findAllByRole('row');
    const cells = (index: string) => within(rows.find((row) => row.querySelector('th')?.textContent === index)!);
    expect(cells('7').getByText('Fallkonferenz einberufen')).toBeTruthy();
    expect(cells('7').queryByText('schedule_conference')).toBeNull();
    expect(cells('8').getByText('a_new_action')).toBeTruthy();
    // One page of results: no paging under it.
    expect(screen.queryByRole('navigation', { name: 'Seiten der Einträge' })).toBeNull();
  });

  it('names the total on the last page', async () => {
    const api = fakeApi({
      'GET /api/audit/entries': {
        items: [
          entry(7, 'schedule_conference', 'POST /api/cases/{id}/conferences'),
          entry(9, 'read', 'GET /api/cases/{id}'),
        ],
        next: null,
      },
    });
    mockFetch = api.fetchImpl;
    showResults([50]);

    const table = await screen.findByRole('table');
    expect(table.querySelector('caption')?.textContent).toBe('Protokolleinträge: Treffer 51–52 von 52');
  });

  it('pages on where the log has more', async () => {
    const api = fakeApi({
      'GET /api/audit/entries': {
        items: [entry(7, 'schedule_conference', 'POST /api/cases/{id}/conferences')],
        next: 8,
      },
    });
    mockFetch = api.fetchImpl;
    const searches = showResults();
    const paging = await screen.findByRole('navigation', { name: 'Seiten der Einträge' });
    // The total is not known before the last page: said as such.
    expect(screen.getByRole('table').querySelector('caption')?.textContent).toBe(
      'Protokolleinträge: Treffer 1–1, weitere auf der nächsten Seite',
    );
    expect(within(paging).getByRole('button', { name: 'Vorherige Seite' }).hasAttribute('disabled')).toBe(true);
    await userEvent.click(within(paging).getByRole('button', { name: 'Nächste Seite' }));
    expect(searches.map((s) => s.afters)).toEqual([[8]]);
  });

  it('offers the actions by their words and searches by the chosen action’s code', () => {
    const searches: EntrySearch[] = [];
    renderWithProviders(
      <EntriesPanel
        filters={NO_FILTERS}
        onFilters={() => undefined}
        search={null}
        onSearch={(search) => searches.push(search)}
        onReport={() => undefined}
      />,
    );
    const select = screen.getByRole('combobox', { name: 'Aktion' });
    const offered = within(select)
      .getAllByRole('option')
      .map((option) => option.textContent);
    expect(offered[0]).toBe('Alle');
    expect(offered).toContain('Fallkonferenz einberufen');
    expect(offered.slice(1)).toEqual([...offered.slice(1)].sort((a, b) => a.localeCompare(b, 'de')));

    fireEvent.change(select, { target: { value: 'schedule_conference' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Einträge suchen' }));

    expect(searches.map((search) => search.query.action)).toEqual(['schedule_conference']);
  });
});
