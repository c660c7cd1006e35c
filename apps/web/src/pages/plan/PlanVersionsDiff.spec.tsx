import { render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { Schema } from '../../api/client';
import { i18n } from '../../i18n/i18n';
import { addTexts } from '../../i18n/texts';
import { PlanVersionsDiff } from './PlanVersionsDiff';
import { planTexts } from './texts';

addTexts('plan', planTexts);

const version = (n: number, goalText: string, action: string): Schema<'PlanVersionViewDto'> => ({
  version: n,
  legalStatus: { basis: '§ 15 SGB II', binding: false, mediationAvailable: true },
  goals: [{ goalId: 'g1', lifeArea: 'work', text: goalText, category: 'plan' }],
  steps: [{ stepId: 's1', goalId: 'g1', action, responsible: 'participant', dueDate: '2027-01-15', category: 'plan' }],
  withheldTexts: 0,
  draftedBy: 'anna.coach',
  draftedAt: '2026-12-01T10:00:00Z',
  agreement: null,
});

describe('PlanVersionsDiff', () => {
  it('shows two versions side by side, marking and announcing inserted and deleted words', () => {
    render(
      <I18nextProvider i18n={i18n}>
        <PlanVersionsDiff
          from={version(1, 'Eine Teilzeitstelle finden', 'Drei Bewerbungen schreiben')}
          to={version(2, 'Eine Vollzeitstelle finden', 'Drei Bewerbungen schreiben')}
        />
      </I18nextProvider>,
    );

    const table = screen.getByRole('table', { name: 'Fassung 1 und Fassung 2 nebeneinander' });
    const goalRow = within(table).getByRole('row', { name: /^Ziel 1 / });
    const [earlier, later] = within(goalRow).getAllByRole('cell');

    // The earlier version: the deleted word in <del>, announced as deleted; nothing inserted there.
    const deleted = earlier!.querySelectorAll('del');
    expect(deleted).toHaveLength(1);
    expect(deleted[0]!.textContent).toBe('gelöscht: Teilzeitstelle (Ende)');
    expect(earlier!.querySelector('ins')).toBeNull();
    expect(earlier!.textContent).toBe('Arbeit: Eine gelöscht: Teilzeitstelle (Ende) finden');

    // The later version: the inserted word in <ins>, announced as inserted.
    const inserted = later!.querySelectorAll('ins');
    expect(inserted).toHaveLength(1);
    expect(inserted[0]!.textContent).toBe('eingefügt: Vollzeitstelle (Ende)');
    expect(later!.querySelector('del')).toBeNull();

    // An unchanged step is marked nowhere.
    const stepRow = within(table).getByRole('row', { name: /^Schritt 1 / });
    expect(stepRow.querySelector('ins, del')).toBeNull();
    expect(stepRow.textContent).toContain('Drei Bewerbungen schreiben – die teilnehmende Person, 15.01.2027');
  });

  it('compares the legal status whole: basis, binding and mediation', () => {
    const earlier = version(1, 'Eine Vollzeitstelle finden', 'Drei Bewerbungen schreiben');
    const later: Schema<'PlanVersionViewDto'> = {
      ...version(2, 'Eine Vollzeitstelle finden', 'Drei Bewerbungen schreiben'),
      legalStatus: { basis: '§ 15 SGB II', binding: false, mediationAvailable: false },
    };
    render(
      <I18nextProvider i18n={i18n}>
        <PlanVersionsDiff from={earlier} to={later} />
      </I18nextProvider>,
    );

    const [before, after] = within(screen.getByRole('row', { name: /^Rechtsgrundlage / })).getAllByRole('cell');
    expect(before!.textContent).toContain('§ 15 SGB II (nicht verbindlich, Schlichtung vorgesehen)');
    // The later side marks the one word that changed.
    expect(after!.querySelector('ins')!.textContent).toMatch(/^eingefügt: keine\s+\(Ende\)$/);
    expect(after!.textContent).toMatch(/^§ 15 SGB II \(nicht verbindlich, .*Schlichtung vorgesehen\)$/);
  });

  it('shows a part present in one version only as absent on the other side, all its words inserted', () => {
    const later = version(2, 'Eine Vollzeitstelle finden', 'Drei Bewerbungen schreiben');
    const withSecondGoal: Schema<'PlanVersionViewDto'> = {
      ...later,
      goals: [
        ...(later.goals as Schema<'PlanGoalViewDto'>[]),
        { goalId: 'g2', lifeArea: 'housing', text: 'Eine Wohnung', category: 'plan' },
      ],
    };
    render(
      <I18nextProvider i18n={i18n}>
        <PlanVersionsDiff
          from={version(1, 'Eine Vollzeitstelle finden', 'Drei Bewerbungen schreiben')}
          to={withSecondGoal}
        />
      </I18nextProvider>,
    );

    const row = screen.getByRole('row', { name: /^Ziel 2 / });
    const [earlier, laterCell] = within(row).getAllByRole('cell');
    expect(earlier!.textContent).toBe('(nicht vorhanden)');
    expect(laterCell!.querySelector('ins')!.textContent).toBe('eingefügt: Wohnen: Eine Wohnung (Ende)');
  });

  it('shows a goal of an erased data category as erased, never its text (issue 17)', () => {
    const erased = (n: number): Schema<'PlanVersionViewDto'> => {
      const base = version(n, 'Eine Vollzeitstelle finden', 'Drei Bewerbungen schreiben');
      return {
        ...base,
        goals: [...(base.goals as Schema<'PlanGoalViewDto'>[]), { goalId: 'g2', category: 'health', erased: true }],
      };
    };
    render(
      <I18nextProvider i18n={i18n}>
        <PlanVersionsDiff from={erased(1)} to={erased(2)} />
      </I18nextProvider>,
    );

    const row = screen.getByRole('row', { name: /^Ziel 2 / });
    const [earlier, later] = within(row).getAllByRole('cell');
    expect(earlier!.textContent).toBe('(gelöscht: Kategorie Gesundheit)');
    expect(later!.textContent).toBe('(gelöscht: Kategorie Gesundheit)');
  });

  it('names the steps as the sentences do: by their place in the later version, a removed one with its version', () => {
    const earlier = version(1, 'Eine Stelle finden', 'Lebenslauf schreiben');
    const first = {
      stepId: 's1',
      goalId: 'g1',
      action: 'Lebenslauf schreiben',
      responsible: 'participant',
      dueDate: '2027-01-15',
      category: 'plan' as const,
    };
    const kept = {
      stepId: 's2',
      goalId: 'g1',
      action: 'Wohnungsamt',
      responsible: 'Pia',
      dueDate: '2027-02-01',
      category: 'plan' as const,
    };
    const added = { ...kept, stepId: 's3', action: 'Beratung' };
    render(
      <I18nextProvider i18n={i18n}>
        <PlanVersionsDiff
          from={{ ...earlier, steps: [first, kept] }}
          to={{ ...earlier, version: 2, steps: [kept, added] }}
        />
      </I18nextProvider>,
    );

    const labels = screen.getAllByRole('rowheader').map((header) => header.textContent);
    expect(labels).toEqual(['Rechtsgrundlage', 'Ziel 1', 'Schritt 1 der Fassung 1', 'Schritt 1', 'Schritt 2']);
    expect(screen.getByRole('row', { name: /^Schritt 2 / }).textContent).toContain('Beratung');
  });
});
