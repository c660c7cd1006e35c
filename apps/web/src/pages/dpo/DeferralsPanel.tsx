import { type FormEvent, useId, useState } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { ProblemMessage } from '../../components/ProblemMessage';
import { toLocalInput } from '../../components/dateTime';
import { ChoiceField } from '../cases/ChoiceField';
import { instantOfLocal, UUID } from './common';
import { type DeferralBody, useDeferrals, useSetDeferral } from './queries';

type Reason = DeferralBody['reason'];
const REASONS: readonly Reason[] = ['child_protection_8a', 'sgb_x_83_4', 'sgb_x_82a', 'gdpr_art_23'];

/** An instant as the value of a `datetime-local` input (local time, to the minute); empty when there is none. */
const localOf = (iso: string | null | undefined): string => (iso ? toLocalInput(iso) : '');

/**
 * "Zurückgehaltene Zugriffe": per case how many accesses the person does not see yet and from when
 * they will; the form sets (or moves) the release date and its legal ground.
 */
export function DeferralsPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const deferrals = useDeferrals();
  const [caseId, setCaseId] = useState('');
  // "festlegen" in a row fills the form afresh with that case's setting; typing an id does not.
  const [formKey, setFormKey] = useState(0);
  const items = deferrals.data ?? [];
  return (
    <section aria-labelledby="dpo-deferrals">
      <h2 id="dpo-deferrals">{t('dpoMe.deferrals.heading')}</h2>
      <p>{t('dpoMe.deferrals.intro')}</p>
      {deferrals.error ? <ProblemMessage error={deferrals.error} /> : null}
      {deferrals.isPending && !deferrals.error ? <p role="status">{t('app.loading')}</p> : null}
      {deferrals.data && items.length === 0 ? <p>{t('dpoMe.deferrals.none')}</p> : null}
      {items.length > 0 ? (
        <div className="table-scroll" role="region" aria-label={t('dpoMe.deferrals.caption')} tabIndex={0}>
          <table className="data-table">
            <caption className="visually-hidden">{t('dpoMe.deferrals.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dpoMe.deferrals.case')}</th>
                <th scope="col">{t('dpoMe.deferrals.count')}</th>
                <th scope="col">{t('dpoMe.deferrals.releaseAt')}</th>
                <th scope="col">{t('dpoMe.deferrals.reason')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('dpoMe.deferrals.formHeading')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.caseId} data-case={d.caseId}>
                  <th scope="row">
                    <code className="case-ref">{d.caseId}</code>
                  </th>
                  <td>{format.number(d.heldBack)}</td>
                  <td>{d.releaseAt ? format.dateTime(d.releaseAt) : t('dpoMe.deferrals.noDate')}</td>
                  <td>{d.reason ? t(`dpoMe.deferrals.reasons.${d.reason}`) : '–'}</td>
                  <td>
                    <Button
                      className="link-button"
                      onPress={() => {
                        setCaseId(d.caseId);
                        setFormKey(formKey + 1);
                      }}
                    >
                      {t('dpoMe.deferrals.edit', { short: d.caseId.slice(0, 8) })}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <DeferralForm
        key={formKey}
        caseId={caseId}
        current={items.find((d) => d.caseId === caseId)}
        onCaseId={setCaseId}
      />
    </section>
  );
}

function DeferralForm({
  caseId,
  current,
  onCaseId,
}: {
  caseId: string;
  current: { releaseAt?: string | null; reason?: string | null } | undefined;
  onCaseId: (caseId: string) => void;
}) {
  const { t } = useTranslation();
  const set = useSetDeferral();
  const headingId = useId();
  const releaseId = useId();
  const [release, setRelease] = useState(localOf(current?.releaseAt));
  const [reason, setReason] = useState<Reason>(REASONS.find((r) => r === current?.reason) ?? 'child_protection_8a');
  const [message, setMessage] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = caseId.trim();
    if (!UUID.test(id)) {
      setMessage(t('dpoMe.deferrals.badCase'));
      return;
    }
    setMessage('');
    set.mutate(
      { caseId: id, body: { releaseAt: instantOfLocal(release) ?? null, reason } },
      { onSuccess: () => setMessage(t('dpoMe.deferrals.saved', { short: id.slice(0, 8) })) },
    );
  };
  return (
    <form onSubmit={submit} aria-labelledby={headingId} className="stack wide" noValidate>
      <h3 id={headingId}>{t('dpoMe.deferrals.formHeading')}</h3>
      <TextField value={caseId} onChange={onCaseId} className="field" isRequired>
        <Label>{t('dpoMe.deferrals.caseId')}</Label>
        <Input autoComplete="off" spellCheck={false} />
      </TextField>
      <div className="field">
        <label htmlFor={releaseId}>{t('dpoMe.deferrals.releaseInput')}</label>
        <input
          id={releaseId}
          type="datetime-local"
          value={release}
          onChange={(event) => setRelease(event.target.value)}
        />
      </div>
      <ChoiceField<Reason>
        label={t('dpoMe.deferrals.reasonInput')}
        value={reason}
        options={REASONS.map((r) => ({ id: r, name: t(`dpoMe.deferrals.reasons.${r}`) }))}
        onChange={setReason}
      />
      <Button type="submit">{t('dpoMe.deferrals.save')}</Button>
      <p role="status">{message}</p>
      {set.error ? <ProblemMessage error={set.error} /> : null}
    </form>
  );
}
