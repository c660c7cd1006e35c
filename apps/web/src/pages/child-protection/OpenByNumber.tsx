import { type FormEvent, useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useNavigate } from 'react-router';
import { NativeTextField } from '../../components/NativeTextField';
import { useTranslation } from '../../i18n/i18n';
import { addTexts } from '../../i18n/texts';
import { UUID } from '../dpo/common';
import { childProtectionTexts } from './texts';

addTexts('childProtection', childProtectionTexts);

/**
 * "Meine Fälle" under child_protection for a youth-office caseworker: a case she is not part of is not
 * listed, so she opens it by the number the lead agency gives her; the case page then offers the § 8a
 * declaration. Nothing is asked of the API here: the case page's read is the audited access.
 */
export function OpenByNumber() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = useId();
  const [number, setNumber] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const caseId = number.trim().toLowerCase();
    if (!UUID.test(caseId)) {
      setProblem(t('childProtection.open.invalid'));
      return;
    }
    void navigate(`/cases/${caseId}`);
  };
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('childProtection.open.heading')}</h2>
      <p>{t('childProtection.open.intro')}</p>
      <form onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} className="filters">
        <NativeTextField
          label={t('childProtection.open.number')}
          value={number}
          onChange={(value) => {
            setNumber(value);
            setProblem(null);
          }}
          errorMessage={problem}
        />
        <Button type="submit">{t('childProtection.open.submit')}</Button>
      </form>
    </section>
  );
}
