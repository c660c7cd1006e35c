import { fireEvent, screen } from '@testing-library/react';
import { addTexts } from '../../i18n/texts';
import { renderWithProviders } from '../../testing/fake-api';
import { PlanDraftForm } from './PlanDraftForm';
import { planTexts } from './texts';

addTexts('plan', planTexts);

const initial = {
  legalStatus: { basis: '§ 15 SGB II', binding: false, mediationAvailable: true },
  goals: [{ goalId: 'g1', lifeArea: 'work' as const, text: 'Eine Stelle finden' }],
  steps: [
    { stepId: 's1', goalId: 'g1', action: 'Lebenslauf', responsible: 'participant', dueDate: '2027-01-15' },
    { stepId: 's2', goalId: 'g1', action: 'Bewerbung', responsible: 'Pia', dueDate: '2027-02-01' },
  ],
  participantWords: null,
};

describe('the plan draft form', () => {
  it('opens with the focus on its first field, and names the participant in words', () => {
    renderWithProviders(
      <PlanDraftForm caseId="c1" initial={initial} onSaved={() => undefined} onCancel={() => undefined} />,
    );

    expect(document.activeElement).toBe(screen.getByLabelText('Rechtsgrundlage'));
    expect(
      screen.getAllByRole('textbox', { name: 'Wer ist verantwortlich' }).map((f) => (f as HTMLInputElement).value),
    ).toEqual(['die teilnehmende Person', 'Pia']);
  });

  it('keeps the focus in the form when a step is removed: on the button that adds one', () => {
    renderWithProviders(
      <PlanDraftForm caseId="c1" initial={initial} onSaved={() => undefined} onCancel={() => undefined} />,
    );
    const remove = screen.getByRole('button', { name: 'Schritt 1 entfernen' });
    remove.focus();
    fireEvent.click(remove);

    expect(screen.queryByDisplayValue('Lebenslauf')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Schritt hinzufügen' }));
  });
});
