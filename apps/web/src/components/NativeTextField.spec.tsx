import { fireEvent, render, screen } from '@testing-library/react';
import { NativeTextField } from './NativeTextField';

describe('NativeTextField', () => {
  it('is a textbox named by its label, showing the value, required when asked', () => {
    render(<NativeTextField label="Vorname" value="Lena" required onChange={() => undefined} />);

    const input = screen.getByRole<HTMLInputElement>('textbox', { name: 'Vorname' });
    expect(input.value).toBe('Lena');
    expect(input.required).toBe(true);
    expect(input.getAttribute('aria-describedby')).toBeNull();
  });

  it('is a textarea of the rows asked for, with its hint and refusal read out with it', () => {
    render(
      <NativeTextField
        label="Begründung"
        value=""
        rows={4}
        description="Mindestens 20 Zeichen."
        errorMessage="Zu kurz."
        onChange={() => undefined}
      />,
    );

    const area = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Begründung' });
    expect(area.tagName).toBe('TEXTAREA');
    expect(area.rows).toBe(4);
    expect(area.getAttribute('aria-invalid')).toBe('true');
    const described = (area.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent);
    expect(described).toEqual(['Mindestens 20 Zeichen.', 'Zu kurz.']);
  });

  it('offers no date after its max', () => {
    const { container } = render(
      <NativeTextField label="Geburtsdatum" type="date" value="" max="2026-12-06" onChange={() => undefined} />,
    );

    const input = container.querySelector('input');
    expect(input?.max).toBe('2026-12-06');
    if (input) input.value = '2026-12-07';
    expect(input?.validity.rangeOverflow).toBe(true);
  });

  it('hands what is typed to onChange', () => {
    const typed: string[] = [];
    render(<NativeTextField label="Name" value="" onChange={(v) => typed.push(v)} />);

    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'Messung' } });

    expect(typed).toEqual(['Messung']);
  });

  it('reads its hint out with it', () => {
    render(<NativeTextField label="Erstkontakt" value="" description="Leer: jetzt" onChange={() => undefined} />);

    const described = screen.getByRole('textbox', { name: 'Erstkontakt' }).getAttribute('aria-describedby');
    expect(described).not.toBeNull();
    expect(document.getElementById(described ?? '')?.textContent).toBe('Leer: jetzt');
  });
});
