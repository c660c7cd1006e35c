import { fireEvent, render, screen } from '@testing-library/react';
import { NativeSelect } from './NativeSelect';

const AREAS = [
  { value: 'work', label: 'Arbeit' },
  { value: 'housing', label: 'Wohnen' },
] as const;

describe('NativeSelect', () => {
  it('is a combobox named by its label, showing the current value', () => {
    render(<NativeSelect id="area" label="Lebensbereich" value="housing" options={AREAS} onChange={() => undefined} />);

    const select = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Lebensbereich' });
    expect(select.value).toBe('housing');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Arbeit', 'Wohnen']);
  });

  it('hands the chosen option’s value to onChange', () => {
    const chosen: string[] = [];
    render(
      <NativeSelect id="area" label="Lebensbereich" value="work" options={AREAS} onChange={(v) => chosen.push(v)} />,
    );

    fireEvent.change(screen.getByRole('combobox', { name: 'Lebensbereich' }), { target: { value: 'housing' } });

    expect(chosen).toEqual(['housing']);
  });
});
