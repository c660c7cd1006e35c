import { useId, useRef, useState } from 'react';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { useParams } from 'react-router';
import type { TFunction } from 'i18next';
import { ProblemMessage } from '../../components/ProblemMessage';
import { usePageTitle } from '../../components/usePageTitle';
import { session } from '../../session/session-store';
import { WithdrawButton } from '../consents/ConsentsPage';
import { CATEGORIES, joinWords } from '../consents/summary';
import { type MyConsent, useMyConsents, useWithdrawMyConsent } from './queries';

/** Who a consent names, in words: the agencies by name, then how many persons it names. */
export const recipientsOf = (consent: MyConsent, t: TFunction): string[] => [
  ...consent.recipients.map((r) => r.name),
  ...(consent.recipientUserIds.length > 0
    ? [t('participant.consents.persons', { count: consent.recipientUserIds.length })]
    : []),
];

/**
 * What a consent allows, one sentence per purpose: "Jugendamt Mitte darf zum Zweck „Jugendhilfe“ diese
 * Daten sehen: Person und Jugendhilfe." Where the policy's table 2 is known (GET /api/session), only
 * the categories the purpose may need are named: the consent allows no more.
 */
export function consentAllows(consent: MyConsent, t: TFunction): string[] {
  const and = t('participant.consents.and');
  const names = recipientsOf(consent, t);
  const recipients = joinWords(names, and);
  // "Jugendamt Mitte darf", "Jugendamt Mitte und 1 namentlich genannte Person dürfen", "2 … Personen dürfen".
  const count = names.length > 1 || (consent.recipients.length === 0 && consent.recipientUserIds.length > 1) ? 2 : 1;
  const needs = session.get().purposeNeeds;
  return consent.purposes.map((purpose) => {
    const need = needs?.find((p) => p.purpose === purpose)?.needs;
    const categories = CATEGORIES.filter(
      (c) => consent.dataCategories.includes(c) && (need === undefined || need.includes(c)),
    );
    const purposeName = t(`purpose.${purpose}`);
    return categories.length === 0
      ? t('participant.consents.mayNothing', { recipients, purpose: purposeName })
      : t('participant.consents.may', {
          count,
          recipients,
          purpose: purposeName,
          categories: joinWords(
            categories.map((c) => t(`category.${c}`)),
            and,
          ),
        });
  });
}

/**
 * "Meine Einwilligungen": what each consent allows in words; a valid one is withdrawn with one action
 * and a confirmation (effective at the next request, for every agency); past ones stay visible.
 * Granting stays with the caseworker.
 */
export function ConsentsSection() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  usePageTitle(t('participant.case.parts.consents'));
  return <MyConsents caseId={id} />;
}

export function MyConsents({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const consents = useMyConsents(caseId);
  const withdraw = useWithdrawMyConsent(caseId);
  const [announcement, setAnnouncement] = useState('');
  // The withdrawn consent moves to the past ones and its button is gone: focus goes to the status.
  const status = useRef<HTMLParagraphElement>(null);
  const items = consents.data ?? [];
  const current = items.filter((c) => c.state === 'active');
  const past = items.filter((c) => c.state !== 'active');
  return (
    <section aria-labelledby="me-consents">
      <h2 id="me-consents">{t('participant.case.parts.consents')}</h2>
      <p>{t('participant.consents.intro')}</p>
      {consents.error ? <ProblemMessage error={consents.error} /> : null}
      {withdraw.error ? <ProblemMessage error={withdraw.error} /> : null}
      <p role="status" tabIndex={-1} ref={status}>
        {announcement}
      </p>
      {consents.isPending && !consents.error ? <p>{t('app.loading')}</p> : null}
      {consents.data ? (
        <>
          <h3>{t('participant.consents.current')}</h3>
          {current.length === 0 ? <p>{t('participant.consents.noneCurrent')}</p> : null}
          <ul className="me-list">
            {current.map((c) => (
              <li key={c.consentId}>
                <ConsentCard
                  consent={c}
                  pending={withdraw.isPending}
                  {...(c.withdrawable
                    ? {
                        onWithdraw: () =>
                          withdraw.mutate(c.consentId, {
                            onSuccess: () => {
                              setAnnouncement(t('participant.consents.withdrawn'));
                              status.current?.focus();
                            },
                          }),
                      }
                    : {})}
                />
              </li>
            ))}
          </ul>
          <h3>{t('participant.consents.past')}</h3>
          {past.length === 0 ? <p>{t('participant.consents.nonePast')}</p> : null}
          <ul className="me-list">
            {past.map((c) => (
              <li key={c.consentId}>
                <ConsentCard consent={c} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function ConsentCard({
  consent,
  pending = false,
  onWithdraw,
}: {
  consent: MyConsent;
  pending?: boolean;
  onWithdraw?: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  const given = format.date(consent.grantedAt);
  const allows = consentAllows(consent, t);
  const recipients = joinWords(recipientsOf(consent, t), t('participant.consents.and'));
  return (
    <article aria-labelledby={headingId} className="me-card" data-consent={consent.consentId}>
      <h4 id={headingId}>
        {recipients} – {t('participant.consents.name', { date: given })}
      </h4>
      {allows.map((sentence) => (
        <p key={sentence}>{sentence}</p>
      ))}
      <p>{t('participant.consents.given', { date: given })}</p>
      <p>
        {consent.withdrawnAt
          ? t('participant.consents.withdrawnAt', { date: format.date(consent.withdrawnAt) })
          : consent.state === 'expired'
            ? t('participant.consents.expired')
            : consent.validUntil
              ? t('participant.consents.validUntil', { date: format.day(consent.validUntil) })
              : t('participant.consents.validOpen')}
      </p>
      {consent.state === 'active' && !onWithdraw ? (
        <p>{t(`participant.consents.notYours.${consent.grantedBy}`, { defaultValue: '' })}</p>
      ) : null}
      {onWithdraw ? (
        <WithdrawButton
          label={t('participant.consents.withdrawFor', { date: given, recipients })}
          title={t('participant.consents.confirmTitle')}
          confirm={t('participant.consents.confirm')}
          cancel={t('participant.consents.cancel')}
          stops={t('participant.consents.confirmText', { allows: allows.join(' ') })}
          pending={pending}
          onConfirm={onWithdraw}
        />
      ) : null}
    </article>
  );
}
