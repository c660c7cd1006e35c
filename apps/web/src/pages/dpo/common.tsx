import { ChoiceField } from '../cases/ChoiceField';
import { useFormat } from '../../i18n/i18n';

/** Date and time of an instant in the current language (the log is read to the second). */
export function useDateTime(): (value: string) => string {
  return useFormat().dateTimeSeconds;
}

/** A value of a `datetime-local` input (local time) as an ISO instant, or undefined when empty. */
export const instantOfLocal = (value: string): string | undefined => {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

export { UUID } from '../../api/ids';

/** A labelled select over fixed options: the case page's ChoiceField with options labelled `label`. */
export function Choice<K extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: K;
  options: readonly { id: K; label: string }[];
  onChange: (value: K) => void;
}) {
  return (
    <ChoiceField
      label={label}
      value={value}
      options={options.map((o) => ({ id: o.id, name: o.label }))}
      onChange={onChange}
    />
  );
}
