import { useWrite } from '../api/write';
import { type FormEvent, useState } from 'react';
import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from 'react-aria-components';
import { useTranslation } from '../i18n/i18n';
import type { Schema } from '../api/client';
import { ProblemMessage } from '../components/ProblemMessage';
import { usePageTitle } from '../components/usePageTitle';
import { signInAsDemoUser } from './sign-in';

/** Embedded profile: pick a demo user; the token comes from POST /api/dev/token and stays in memory. */
export function DemoSignInPage({ users }: { users: readonly Schema<'DemoUserDto'>[] }) {
  const { t } = useTranslation();
  usePageTitle(t('signIn.title'));
  const [userId, setUserId] = useState<string>(users[0]?.userId ?? '');
  const signIn = useWrite({
    mutationFn: async (id: string) => {
      if (users.some((u) => u.userId === id)) await signInAsDemoUser(id);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(userId);
  };
  return (
    <>
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      <form onSubmit={submit} className="stack">
        <Select selectedKey={userId} onSelectionChange={(key) => setUserId(String(key))} className="field">
          <Label>{t('signIn.user')}</Label>
          <Button className="select-button">
            <SelectValue />
            <span aria-hidden="true">▾</span>
          </Button>
          <Popover>
            <ListBox items={users}>
              {(user) => (
                <ListBoxItem id={user.userId} textValue={user.displayName}>
                  {user.displayName} – {t(`role.${user.role}`)}
                  {user.agency ? `, ${user.agency.name}` : ''}
                </ListBoxItem>
              )}
            </ListBox>
          </Popover>
        </Select>
        <Button type="submit">{t('signIn.submit')}</Button>
      </form>
      {signIn.error ? <ProblemMessage error={signIn.error} /> : null}
    </>
  );
}
