import { type FormEvent, useState } from 'react';
import { Button, Input, Label, Text, TextField } from 'react-aria-components';
import { useTranslation } from '../../i18n/i18n';
import { useNavigate } from 'react-router';
import { ProblemMessage } from '../../components/ProblemMessage';
import { fromLocalInput } from './format';
import { useOpenCase } from './queries';
import './texts';

/** "Fall eröffnen": the participant's name and birth date, the first contact; then the new case. */
export function OpenCaseForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const open = useOpenCase();
  const [givenName, setGivenName] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [firstContactAt, setFirstContactAt] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    open.mutate(
      {
        participant: { givenName: givenName.trim(), familyName: familyName.trim(), birthDate },
        ...(firstContactAt ? { firstContactAt: fromLocalInput(firstContactAt) } : {}),
      },
      { onSuccess: (created) => void navigate(`/cases/${created.id}`) },
    );
  };

  return (
    <section aria-labelledby="open-case" className="panel">
      <h2 id="open-case">{t('casePage.open.title')}</h2>
      <form onSubmit={submit} className="filters">
        <TextField value={givenName} onChange={setGivenName} isRequired className="field">
          <Label>{t('casePage.open.givenName')}</Label>
          <Input autoComplete="off" />
        </TextField>
        <TextField value={familyName} onChange={setFamilyName} isRequired className="field">
          <Label>{t('casePage.open.familyName')}</Label>
          <Input autoComplete="off" />
        </TextField>
        <TextField value={birthDate} onChange={setBirthDate} type="date" isRequired className="field">
          <Label>{t('casePage.open.birthDate')}</Label>
          <Input />
        </TextField>
        <TextField value={firstContactAt} onChange={setFirstContactAt} type="datetime-local" className="field">
          <Label>{t('casePage.open.firstContactAt')}</Label>
          <Input />
          <Text slot="description">{t('casePage.open.firstContactHint')}</Text>
        </TextField>
        <Button type="submit" isDisabled={open.isPending}>
          {t('casePage.open.submit')}
        </Button>
      </form>
      {open.isPending ? <p role="status">{t('casePage.open.busy')}</p> : null}
      {open.error ? <ProblemMessage error={open.error} /> : null}
    </section>
  );
}
