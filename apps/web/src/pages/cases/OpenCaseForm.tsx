import { type FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from '../../i18n/i18n';
import { useNavigate } from 'react-router';
import { earliestBirthDate, firstContactProblem, type FirstContactProblem, localDay } from '../../components/dateTime';
import { NativeTextField } from '../../components/NativeTextField';
import { ProblemMessage } from '../../components/ProblemMessage';
import { fromLocalInput } from './format';
import { useOpenCase } from './queries';
import './texts';

/**
 * "Fall eröffnen": the participant's name and birth date, the first contact; then the new case. Native fields,
 * as the list's filters: the form is on the list page, which leaves the document on every opening of a case.
 */
export function OpenCaseForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const open = useOpenCase();
  const [givenName, setGivenName] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [firstContactAt, setFirstContactAt] = useState('');
  const [wrongFirstContact, setWrongFirstContact] = useState<FirstContactProblem | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const now = new Date();
    const firstContact = firstContactAt ? fromLocalInput(firstContactAt, now) : undefined;
    // The API's rule, checked first: the reason under the field, nothing sent.
    const problem = firstContact ? firstContactProblem(new Date(firstContact), now) : null;
    setWrongFirstContact(problem);
    if (problem) return;
    open.mutate(
      {
        participant: { givenName: givenName.trim(), familyName: familyName.trim(), birthDate },
        ...(firstContact ? { firstContactAt: firstContact } : {}),
      },
      { onSuccess: (created) => void navigate(`/cases/${created.id}`) },
    );
  };

  return (
    <section aria-labelledby="open-case" className="panel">
      <h2 id="open-case">{t('casePage.open.title')}</h2>
      <form onSubmit={submit} className="filters">
        <NativeTextField
          label={t('casePage.open.givenName')}
          value={givenName}
          onChange={setGivenName}
          required
          autoComplete="off"
        />
        <NativeTextField
          label={t('casePage.open.familyName')}
          value={familyName}
          onChange={setFamilyName}
          required
          autoComplete="off"
        />
        <NativeTextField
          label={t('casePage.open.birthDate')}
          value={birthDate}
          onChange={setBirthDate}
          type="date"
          min={earliestBirthDate()}
          max={localDay()}
          required
        />
        <NativeTextField
          label={t('casePage.open.firstContactAt')}
          value={firstContactAt}
          onChange={(value) => {
            setFirstContactAt(value);
            setWrongFirstContact(null);
          }}
          type="datetime-local"
          description={t('casePage.open.firstContactHint')}
          errorMessage={wrongFirstContact ? t(`problem.codes.${wrongFirstContact}`) : null}
        />
        <Button type="submit">{t('casePage.open.submit')}</Button>
      </form>
      {open.isPending ? <p role="status">{t('casePage.open.busy')}</p> : null}
      {open.error ? <ProblemMessage error={open.error} /> : null}
    </section>
  );
}
