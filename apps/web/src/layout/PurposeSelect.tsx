import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from 'react-aria-components';
import { useTranslation } from '../i18n/i18n';
import { declarablePurposes, type Purpose } from '../session/purposes';
import { useSession } from '../session/session-store';
import { switchPurpose } from '../session/switch-purpose';

/**
 * The declared purpose, always in the header. Switching it is deliberate: the change is announced
 * (live region) and the screens ask again under the new purpose (switchPurpose).
 */
export function PurposeSelect() {
  const { t } = useTranslation();
  const { user, purpose } = useSession();
  const queryClient = useQueryClient();
  const [announcement, setAnnouncement] = useState('');
  if (!user) return null;
  const purposes = declarablePurposes();
  const change = (next: Purpose) => {
    if (next === purpose) return;
    switchPurpose(queryClient, next);
    setAnnouncement(t('header.purposeChanged', { purpose: t(`purpose.${next}`) }));
  };
  return (
    <>
      <Select
        selectedKey={purpose ?? null}
        onSelectionChange={(key) => change(key as Purpose)}
        className="field field-inline purpose-select"
      >
        <Label>{t('header.purpose')}</Label>
        <Button className="select-button">
          <SelectValue />
          <span aria-hidden="true">▾</span>
        </Button>
        <Popover>
          <ListBox items={purposes.map((id) => ({ id }))}>
            {(item) => <ListBoxItem id={item.id}>{t(`purpose.${item.id}`)}</ListBoxItem>}
          </ListBox>
        </Popover>
      </Select>
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
    </>
  );
}
