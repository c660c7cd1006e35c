import { type FormEvent, useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { NativeTextField } from '../../components/NativeTextField';
import { ProblemMessage } from '../../components/ProblemMessage';
import { addTexts } from '../../i18n/texts';
import { MIN_JUSTIFICATION, useDeclareChildProtection } from './queries';
import { childProtectionTexts } from './texts';

addTexts('childProtection', childProtectionTexts);

/**
 * § 8a SGB VIII on a case the youth-office caseworker cannot see under child_protection: the written
 * justification, checked for its length here (nothing is sent below 20 characters), then the declaration;
 * the case's reads are asked again and the page shows what child protection needs.
 */
export function DeclarationForm({
  caseId,
  onDeclared,
}: {
  caseId: string;
  /** With the declaration's end, once the API took it. */
  onDeclared: (expiresAt: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const declare = useDeclareChildProtection(caseId, onDeclared);
  const [justification, setJustification] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = justification.trim();
    if (text.length < MIN_JUSTIFICATION) {
      setProblem(t('childProtection.declare.tooShort', { count: text.length }));
      return;
    }
    setProblem(null);
    declare.mutate(text);
  };
  return (
    <>
      <p>{t('childProtection.declare.closed', { number: caseId })}</p>
      <section aria-labelledby={`${id}-heading`} className="plan-form">
        <h2 id={`${id}-heading`}>{t('childProtection.declare.heading')}</h2>
        <p>{t('childProtection.declare.intro')}</p>
        <form onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
          <NativeTextField
            label={t('childProtection.declare.justification')}
            value={justification}
            rows={4}
            description={t('childProtection.declare.hint')}
            errorMessage={problem}
            onChange={(value) => {
              setJustification(value);
              setProblem(null);
            }}
          />
          <Button type="submit">{t('childProtection.declare.submit')}</Button>
        </form>
        <p role="status">
          {declare.data
            ? t('childProtection.declare.declared', { until: format.dateTime(declare.data.expiresAt) })
            : ''}
        </p>
        {declare.error ? <ProblemMessage error={declare.error} /> : null}
      </section>
    </>
  );
}
