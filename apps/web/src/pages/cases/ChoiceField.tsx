import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from 'react-aria-components';

/** A labelled single choice (React Aria Select) over a fixed list of options. */
export function ChoiceField<K extends string>({
  label,
  options,
  value,
  onChange,
  isRequired,
}: {
  label: string;
  options: readonly { id: K; name: string }[];
  value: K | null;
  onChange: (value: K) => void;
  isRequired?: boolean;
}) {
  return (
    <Select
      selectedKey={value}
      onSelectionChange={(key) => {
        if (key !== null) onChange(key as K);
      }}
      isRequired={isRequired}
      className="field"
    >
      <Label>{label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover>
        <ListBox items={options}>{(item) => <ListBoxItem id={item.id}>{item.name}</ListBoxItem>}</ListBox>
      </Popover>
    </Select>
  );
}
