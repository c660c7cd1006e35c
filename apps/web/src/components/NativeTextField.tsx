import { type ChangeEvent, type HTMLInputTypeAttribute, useId } from 'react';

export interface NativeTextFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly type?: Extract<HTMLInputTypeAttribute, 'text' | 'date' | 'datetime-local'>;
  readonly required?: boolean;
  readonly autoComplete?: string;
  /** A hint below the input, read out with it (`aria-describedby`). */
  readonly description?: string;
  /** The earliest and latest date the input offers and accepts. */
  readonly min?: string;
  readonly max?: string;
  /** Why the value cannot be taken: shown below the input, read out with it, the input marked invalid. */
  readonly errorMessage?: string | null;
  /** A `<textarea>` of this many rows instead of an `<input>` (free text, e.g. a § 8a justification). */
  readonly rows?: number;
}

/**
 * A labelled native `<input>` in a `.field`, for the case list's filters and "Fall eröffnen": the list page
 * leaves the document on every opening of a case, and a React Aria TextField, when it leaves, sets state
 * from its label's ref during React's commit — a synchronous update that made the case page run its effects
 * and render once more before the browser could paint it (docs/decisions.md, issue 13).
 */
export function NativeTextField({
  label,
  value,
  onChange,
  type = 'text',
  required = false,
  autoComplete,
  description,
  min,
  max,
  errorMessage,
  rows,
}: NativeTextFieldProps) {
  const id = useId();
  const hint = `${id}-hint`;
  const error = `${id}-error`;
  const describedBy = [description ? hint : null, errorMessage ? error : null].filter(Boolean).join(' ');
  // What the input and the textarea share.
  const control = {
    id,
    value,
    required,
    'aria-describedby': describedBy || undefined,
    'aria-invalid': errorMessage ? true : undefined,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(event.target.value),
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {rows ? (
        <textarea {...control} rows={rows} />
      ) : (
        <input {...control} type={type} autoComplete={autoComplete} min={min} max={max} />
      )}
      {description ? <span id={hint}>{description}</span> : null}
      {errorMessage ? (
        <span id={error} role="alert" className="field-error">
          {errorMessage}
        </span>
      ) : null}
    </div>
  );
}
