import { render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { Schema } from '../../api/client';
import { i18n } from '../../i18n/i18n';
import { EvaluationFigures } from './EvaluationPage';

const figures: Schema<'EvaluationFiguresDto'> = {
  scope: { leadAgencyId: 'jobcenter-mitte' },
  minGroupSize: 5,
  progressByDimension: [
    { dimension: 'housing', perspective: 'coach', n: 12, mean: 3.42, median: 3.5 },
    { dimension: 'housing', perspective: 'self', suppressed: true },
  ],
  referralWaitingTimes: [
    { partnerType: 'network_partner', n: 6, medianDays: 17, p90Days: 40 },
    { partnerType: 'health_provider', suppressed: true },
  ],
  contactDensity: { suppressed: true },
  exitsByReason: [
    { exitReason: 'employment', n: 7 },
    { exitReason: 'training', suppressed: true },
  ],
};

const rowOf = (table: HTMLElement, header: string, second?: string) => {
  const rows = within(table)
    .getAllByRole('row')
    .filter((row) => row.querySelector('th')?.textContent === header);
  const row = second ? rows.find((r) => r.textContent?.includes(second)) : rows[0];
  if (!row) throw new Error(`no row ${header}`);
  return row;
};

describe('evaluation figures', () => {
  beforeEach(() => i18n.changeLanguage('de'));

  it('shows a suppressed group as "< 5", never as 0, and explains small-number suppression', () => {
    render(
      <I18nextProvider i18n={i18n}>
        <EvaluationFigures figures={figures} agencyName={(id) => (id === 'jobcenter-mitte' ? 'Jobcenter Mitte' : id)} />
      </I18nextProvider>,
    );

    // The agency by its name, not its id.
    expect(screen.getByText(/^Anonymisierte Kennzahlen über alle Fälle, die Jobcenter Mitte führt\./)).toBeTruthy();

    const exits = screen.getByRole('table', { name: 'Fälle, die jetzt abgeschlossen sind' });
    const training = within(rowOf(exits, 'Ausbildung')).getAllByRole('cell');
    expect(training[0]?.textContent).toContain('< 5');
    expect(training[0]?.textContent).not.toMatch(/\b0\b/);
    expect(within(rowOf(exits, 'Arbeitsaufnahme')).getAllByRole('cell')[0]?.textContent).toBe('7');

    const progress = screen.getByRole('table', { name: /Letzte Einschätzung je Fall/ });
    const self = within(rowOf(progress, 'Wohnen', 'Person selbst')).getAllByRole('cell');
    expect(self.map((cell) => cell.textContent)).toEqual([
      'Person selbst',
      '< 5 (weniger als 5, unterdrückt)',
      '–unterdrückt',
      '–unterdrückt',
    ]);
    const coach = within(rowOf(progress, 'Wohnen', 'Fachkraft')).getAllByRole('cell');
    expect(coach.map((cell) => cell.textContent)).toEqual(['Fachkraft', '12', '3,42', '3,5']);

    const waiting = screen.getByRole('table', { name: /Vermittlungen mit stattgefundenem Ersttermin/ });
    expect(within(rowOf(waiting, 'Gesundheitsdienst')).getAllByRole('cell')[0]?.textContent).toContain('< 5');

    const density = screen.getByRole('table', { name: /Alle Fälle als eine Gruppe/ });
    expect(within(rowOf(density, 'Fälle')).getAllByRole('cell')[0]?.textContent).toContain('< 5');

    const note = screen.getByRole('region', { name: 'Kleine Gruppen' });
    expect(note.textContent).toContain('weniger als 5 Fällen');
    expect(note.textContent).toContain('Auch 0 erscheint als „< 5“');
  });
});
