/** One choice of a native select: the value it stands for and the words shown for it. */
export interface SelectOption<V extends string> {
  readonly value: V;
  readonly label: string;
}

export interface NativeSelectProps<V extends string> {
  readonly id: string;
  readonly label: string;
  readonly value: V;
  readonly options: readonly SelectOption<V>[];
  readonly onChange: (value: V) => void;
}

/**
 * A labelled native `<select>` in a `.field`: the browser's own control, named by its `<label>`, for a
 * choice among a few fixed values. Used where a React Aria select cost more than it gave (the case list's
 * filters are unmounted on every opening of a case: docs/decisions.md, issue 13). `onChange` is given the
 * chosen option's own value, never a string the select was not offered.
 */
export function NativeSelect<V extends string>({ id, label, value, options, onChange }: NativeSelectProps<V>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => {
          const chosen = options.find((option) => option.value === event.target.value);
          if (chosen) onChange(chosen.value);
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
