import { type FormEvent, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { Link, useNavigate } from 'react-router';
import { earliestBirthDate, firstContactProblem, type FirstContactProblem, localDay } from '../../components/dateTime';
import { NativeTextField } from '../../components/NativeTextField';
import { ProblemMessage } from '../../components/ProblemMessage';
import { fromLocalInput } from './format';
import { type ListedCase, useExistingCases, useOpenCase } from './queries';
import './texts';
import { listedName } from '../../components/listedName';

/**
 * "Fall eröffnen": the participant's name and birth date, the first contact; then the new case. Native fields,
 * as the list's filters: the form is on the list page, which leaves the document on every opening of a case.
 * A case the reader may already see for the same name and birth date is named first, with a link; a second
 * case is opened only on a deliberate second press (the API itself accepts it: docs/decisions.md).
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
  const existingCases = useExistingCases();
  /** The cases found for the name and birth date as they stand; null until searched (again after a change). */
  const [existing, setExisting] = useState<ListedCase[] | null>(null);
  const [checking, setChecking] = useState(false);
  // A double click must not search twice (and so open twice): the second press waits for the first's answer.
  const searching = useRef(false);
  const person = (change: (value: string) => void) => (value: string) => {
    change(value);
    setExisting(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const now = new Date();
    const firstContact = firstContactAt ? fromLocalInput(firstContactAt, now) : undefined;
    // The API's rule, checked first: the reason under the field, nothing sent.
    const problem = firstContact ? firstContactProblem(new Date(firstContact), now) : null;
    setWrongFirstContact(problem);
    if (problem) return;
    const participant = { givenName: givenName.trim(), familyName: familyName.trim(), birthDate };
    if (existing === null) {
      if (searching.current) return;
      searching.current = true;
      setChecking(true);
      const found = await existingCases(participant);
      searching.current = false;
      setChecking(false);
      setExisting(found);
      if (found.length > 0) return;
    }
    open.mutate(
      { participant, ...(firstContact ? { firstContactAt: firstContact } : {}) },
      { onSuccess: (created) => void navigate(`/cases/${created.id}`) },
    );
  };

  return (
    <section aria-labelledby="open-case" className="panel">
      <h2 id="open-case">{t('casePage.open.title')}</h2>
      <form onSubmit={(event) => void submit(event)} className="filters">
        <NativeTextField
          label={t('casePage.open.givenName')}
          value={givenName}
          onChange={person(setGivenName)}
          required
          autoComplete="off"
        />
        <NativeTextField
          label={t('casePage.open.familyName')}
          value={familyName}
          onChange={person(setFamilyName)}
          required
          autoComplete="off"
        />
        <NativeTextField
          label={t('casePage.open.birthDate')}
          value={birthDate}
          onChange={person(setBirthDate)}
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
        <Button type="submit">
          {existing && existing.length > 0 ? t('casePage.open.anyway') : t('casePage.open.submit')}
        </Button>
      </form>
      {existing && existing.length > 0 ? <ExistingCases cases={existing} birthDate={birthDate} /> : null}
      {checking ? <p role="status">{t('casePage.open.checking')}</p> : null}
      {open.isPending ? <p role="status">{t('casePage.open.busy')}</p> : null}
      {open.error ? <ProblemMessage error={open.error} /> : null}
    </section>
  );
}

/** The cases the reader already sees of this person: each a link, and how to go on. */
function ExistingCases({ cases, birthDate }: { cases: readonly ListedCase[]; birthDate: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div role="alert" className="panel">
      <p>{t('casePage.open.existing', { count: cases.length, birthDate: format.day(birthDate) })}</p>
      <ul>
        {cases.map((item) => (
          <li key={item.id}>
            <Link to={`/cases/${item.id}`}>
              {item.participant && 'givenName' in item.participant ? listedName(item.participant) : item.id}
            </Link>
            {item.openedAt ? ` – ${t('casePage.open.openedOn', { date: format.date(item.openedAt) })}` : ''}
            {item.status ? `, ${t(`status.${item.status}`)}` : ''}
          </li>
        ))}
      </ul>
      <p>{t('casePage.open.existingHint')}</p>
    </div>
  );
}
