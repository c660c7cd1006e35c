import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from 'react-aria-components';
import { LANGUAGES, useTranslation } from '../i18n/i18n';

/** German or English; `<html lang>` follows (see i18n.ts). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      selectedKey={i18n.language}
      onSelectionChange={(key) => void i18n.changeLanguage(String(key))}
      className="field field-inline"
    >
      <Label>{t('header.language')}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover>
        <ListBox items={LANGUAGES.map((id) => ({ id }))}>
          {(item) => (
            <ListBoxItem id={item.id} lang={item.id}>
              {t(`language.${item.id}`)}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </Select>
  );
}
