import { act, fireEvent, screen } from '@testing-library/react';
import { addTexts } from '../../i18n/texts';
import { session } from '../../session/session-store';
import { renderWithProviders } from '../../testing/fake-api';
import { EntriesPanel, type EntrySearch, NO_FILTERS } from './EntriesPanel';
import { dpoTexts } from './texts';
import { FRIEDA_SESSION } from '../../testing/session-fixture';

addTexts('dpo', dpoTexts);

beforeEach(() => act(() => session.set(FRIEDA_SESSION)));

const renderPanel = (from: string, to: string) => {
  const searches: EntrySearch[] = [];
  renderWithProviders(
    <EntriesPanel
      filters={{ ...NO_FILTERS, from, to }}
      onFilters={() => undefined}
      search={null}
      onSearch={(search) => searches.push(search)}
      onReport={() => undefined}
    />,
  );
  fireEvent.submit(screen.getByRole('form', { name: 'Einträge suchen' }));
  return searches;
};

describe('Einträge suchen: the period', () => {
  it('says that a period ending before it starts can hold no entry, and does not search', () => {
    const searches = renderPanel('2026-12-10T00:00', '2026-12-01T00:00');

    expect(screen.getByRole('alert').textContent).toMatch(/„Von“ liegt nach „Bis“/);
    expect(searches).toEqual([]);
  });

  it('searches a period in order', () => {
    const searches = renderPanel('2026-12-01T00:00', '2026-12-10T00:00');

    expect(screen.queryByRole('alert')).toBeNull();
    expect(searches).toHaveLength(1);
  });
});
