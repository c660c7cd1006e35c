import { type FormEvent, useState } from 'react';
import { Button, Input, Label, Text, TextField } from 'react-aria-components';
import { useTranslation } from '../../i18n/i18n';
import { Link, useNavigate } from 'react-router';
import { ProblemMessage } from '../../components/ProblemMessage';
import { usePageTitle } from '../../components/usePageTitle';
import { useMyCases, useRedeemInvitation } from './queries';

/** "Meine Fälle": the cases the person is bound to, and the form to redeem an invitation code. */
export function MyCasesPage() {
  const { t } = useTranslation();
  usePageTitle(t('participant.cases.title'));
  const cases = useMyCases();
  return (
    <>
      <h1>{t('participant.cases.title')}</h1>
      <p>{t('participant.cases.intro')}</p>
      {cases.error ? <ProblemMessage error={cases.error} /> : null}
      {cases.isPending && !cases.error ? <p role="status">{t('app.loading')}</p> : null}
      {cases.data && cases.data.length === 0 ? <p>{t('participant.cases.none')}</p> : null}
      {cases.data && cases.data.length > 0 ? (
        <ul className="me-list" aria-label={t('participant.cases.listLabel')}>
          {cases.data.map((c) => (
            <li key={c.caseId} className="me-card" data-case={c.caseId}>
              <Link to={`/me/cases/${c.caseId}`}>{`${c.givenName} ${c.familyName}`}</Link>
              <p>{t('participant.cases.lead', { agency: c.leadAgency.name })}</p>
            </li>
          ))}
        </ul>
      ) : null}
      <RedeemForm />
    </>
  );
}

/** Redeem an invitation code; on success the case opens. */
export function RedeemForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const redeem = useRedeemInvitation();
  const [code, setCode] = useState('');
  const [message, setMessage] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = code.trim().toUpperCase();
    if (!value) {
      setMessage(t('participant.cases.codeMissing'));
      return;
    }
    setMessage('');
    redeem.mutate(value, {
      onSuccess: ({ caseId }) => {
        setMessage(t('participant.cases.redeemed'));
        setCode('');
        void navigate(`/me/cases/${caseId}`);
      },
    });
  };
  return (
    <section aria-labelledby="redeem-title">
      <h2 id="redeem-title">{t('participant.cases.redeemHeading')}</h2>
      <form onSubmit={submit} className="me-form" noValidate>
        <TextField value={code} onChange={setCode} className="field" isRequired>
          <Label>{t('participant.cases.code')}</Label>
          <Input autoComplete="one-time-code" autoCapitalize="characters" spellCheck={false} />
          <Text slot="description">{t('participant.cases.redeemHelp')}</Text>
        </TextField>
        <Button type="submit">{t('participant.cases.redeem')}</Button>
      </form>
      <p role="status">{message}</p>
      {redeem.error ? <ProblemMessage error={redeem.error} /> : null}
    </section>
  );
}
