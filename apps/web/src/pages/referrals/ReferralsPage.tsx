import { type FormEvent, useState } from 'react';
import {
  Button,
  Checkbox,
  CheckboxGroup,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Radio,
  RadioGroup,
  Select,
  SelectValue,
  Text,
  TextArea,
  TextField,
} from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { Link, useParams } from 'react-router';
import { WithheldTab } from '../cases/WithheldTab';
import { pathsApiPartnersGetParametersQueryServiceValues, schemaLimits } from '../../api/schema.gen';
import { ProblemMessage } from '../../components/ProblemMessage';
import { usePageTitle } from '../../components/usePageTitle';
import { addTexts } from '../../i18n/texts';
import { type Category, needsOf, allPurposes } from '../../session/purposes';
import { useSession } from '../../session/session-store';
import { useCase } from '../cases/queries';
import { useConsents } from '../consents/queries';
import { joinWords } from '../consents/summary';
import { consentsTexts } from '../consents/texts';
import { referralOffers } from './eligibility';
import {
  type Partner,
  type PartnerQuery,
  type ReferralView,
  type SendReferralBody,
  type Service,
  usePartners,
  useReferrals,
  useSendReferral,
} from './queries';
import { referralsTexts } from './texts';

addTexts('referrals', referralsTexts);
addTexts('consents', consentsTexts);

/** The directory's services, as the API names them. */
const SERVICES: readonly Service[] = pathsApiPartnersGetParametersQueryServiceValues;
const ANY = 'any';

/** The case tab "Vermittlungen": the case's referrals with their course, and sending one. */
export function ReferralsPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  usePageTitle(t('referrals.title'));
  return (
    <section aria-labelledby="referrals-title">
      <h2 id="referrals-title">{t('referrals.title')}</h2>
      <WithheldTab caseId={id} category="referrals">
        <ReferralList caseId={id} />
        <ReferralSending caseId={id} />
      </WithheldTab>
    </section>
  );
}

/**
 * The form only for a reader the API says may refer (`access.mayRefer`): a referral's partner answers it and
 * does not refer on, a supervising team lead reads; both would be offered a form the API then refuses.
 */
export function ReferralSending({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const access = useCase(caseId).data?.access;
  if (!access) return null;
  if (access.mayRefer) return <ReferralForm caseId={caseId} />;
  if (!access.recordable.includes('referrals')) return <p>{t('referrals.readOnly')}</p>;
  return (
    <p>
      {t('referrals.answerOnly')} <Link to="/inbox">{t('referrals.toInbox')}</Link>
    </p>
  );
}

/** The referrals of the case, each with its course: sent, accepted or declined, first appointment, completed. */
export function ReferralList({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const referrals = useReferrals(caseId);
  const items = referrals.data ?? [];
  const words = (list: readonly string[]) => joinWords(list, t('consents.and'));
  // The course in the order it happened, each thing once: a step, and beside it what belongs to it (the
  // reason of a decline, the planned first appointment after the acceptance, the appointment with its
  // waiting time in place of the bare step, the attestation with the completion).
  const course = (r: ReferralView): string[] =>
    r.steps.flatMap((s) => {
      const step = t('referrals.step', { status: t(`referrals.status.${s.status}`), at: format.date(s.at) });
      if (s.status === 'declined' && r.declined)
        return [step, t('referrals.declinedReason', { reason: r.declined.reason })];
      if (s.status === 'accepted' && r.plannedAppointmentAt && !r.firstAppointmentAt)
        return [step, t('referrals.planned', { at: format.date(r.plannedAppointmentAt) })];
      if (s.status === 'first_appointment' && r.firstAppointmentAt)
        return [
          t('referrals.held', { at: format.date(r.firstAppointmentAt), days: format.number(r.waitingDays ?? 0) }),
        ];
      if (s.status === 'completed' && r.attestation)
        return [
          step,
          t('referrals.attestation', {
            attended: r.attestation.attended ? t('referrals.yes') : t('referrals.no'),
            goal: r.attestation.goalReached ? t('referrals.yes') : t('referrals.no'),
          }),
        ];
      return [step];
    });
  return (
    <>
      <h3>{t('referrals.listHeading')}</h3>
      {referrals.error ? <ProblemMessage error={referrals.error} /> : null}
      {referrals.isPending && !referrals.error ? <p>{t('app.loading')}</p> : null}
      {referrals.data && items.length === 0 ? <p>{t('referrals.none')}</p> : null}
      {items.length > 0 ? (
        <div className="table-scroll" role="region" aria-label={t('referrals.caption')} tabIndex={0}>
          <table className="data-table">
            <caption className="visually-hidden">{t('referrals.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('referrals.col.partner')}</th>
                <th scope="col">{t('referrals.col.purpose')}</th>
                <th scope="col">{t('referrals.col.shared')}</th>
                <th scope="col">{t('referrals.col.status')}</th>
                <th scope="col">{t('referrals.col.course')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} data-referral={r.id}>
                  <th scope="row">{r.partner.name ?? r.partner.agencyId}</th>
                  <td>{t(`purpose.${r.purpose}`)}</td>
                  <td>{words(r.sharedCategories.map((c) => t(`category.${c}`)))}</td>
                  <td>{t(`referrals.status.${r.status}`)}</td>
                  <td>
                    <ol className="course">
                      {course(r).map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ol>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

/** Find a partner by service and area, choose what to share (only what a consent covers), send. */
export function ReferralForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const [service, setService] = useState<string>(ANY);
  const [area, setArea] = useState('');
  const [query, setQuery] = useState<PartnerQuery | undefined>(undefined);
  const partners = usePartners(query ?? {}, query !== undefined);
  const [partnerId, setPartnerId] = useState<string>('');
  const [shared, setShared] = useState<Category[]>([]);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState('');
  const consents = useConsents(caseId);
  const found = useCase(caseId);
  const send = useSendReferral(caseId);
  const words = (list: readonly string[]) => joinWords(list, t('consents.and'));

  const partner: Partner | undefined = partners.data?.find((p) => p.agencyId === partnerId);
  const readable = Object.keys(found.data?.access.legalBasis ?? {}) as Category[];
  const offers =
    partner && purpose && consents.data ? referralOffers(purpose, partner.agencyId, consents.data, readable) : [];
  const offered = offers.filter((o) => o.offered).map((o) => o.category);
  const reducedCount = consents.data?.filter((c) => c.active && c.reduced).length ?? 0;
  const purposeName = purpose ? t(`purpose.${purpose}`) : '';
  const serves = partner && purpose ? partner.purposes.includes(purpose) : false;
  // A referral to an addiction service is addiction data itself: only a sender who may read it sends one.
  const unreadableReveal = partner && found.data ? partner.reveals.filter((c) => !readable.includes(c)) : [];
  const revealingPurposes = allPurposes().filter(
    (p) => partner?.purposes.includes(p) && unreadableReveal.every((c) => needsOf(p).includes(c)),
  );

  const search = (event: FormEvent) => {
    event.preventDefault();
    setPartnerId('');
    setShared([]);
    setQuery({
      ...(service !== ANY ? { service: service as Service } : {}),
      ...(area.trim() ? { area: area.trim() } : {}),
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = shared.filter((c) => offered.includes(c));
    if (!partner || !purpose || chosen.length === 0 || !reason.trim()) {
      setMessage(t('referrals.missing'));
      return;
    }
    const body: SendReferralBody = {
      partnerAgencyId: partner.agencyId,
      purpose,
      sharedCategories: chosen,
      reason: reason.trim(),
    };
    setMessage('');
    send.mutate(body, {
      onSuccess: () => {
        setMessage(t('referrals.sent', { partner: partner.name }));
        setShared([]);
        setReason('');
      },
    });
  };

  return (
    <section aria-labelledby="referral-form-title">
      <h3 id="referral-form-title">{t('referrals.sendHeading')}</h3>
      <p>{t('referrals.purposeNote', { purpose: purposeName })}</p>

      <form onSubmit={search} aria-label={t('referrals.searchLegend')} className="partner-search">
        <fieldset>
          <legend>{t('referrals.searchLegend')}</legend>
          <Select selectedKey={service} onSelectionChange={(key) => setService(String(key ?? ANY))} className="field">
            <Label>{t('referrals.service')}</Label>
            <Button className="select-button">
              <SelectValue />
              <span aria-hidden="true">▾</span>
            </Button>
            <Popover>
              <ListBox
                items={[
                  { id: ANY, name: t('referrals.anyService') },
                  ...SERVICES.map((s) => ({ id: s, name: t(`referrals.services.${s}`) })),
                ]}
              >
                {(item) => <ListBoxItem id={item.id}>{item.name}</ListBoxItem>}
              </ListBox>
            </Popover>
          </Select>
          <TextField value={area} onChange={setArea} className="field">
            <Label>{t('referrals.area')}</Label>
            <Input autoComplete="off" />
          </TextField>
          <Button type="submit">{t('referrals.search')}</Button>
        </fieldset>
      </form>
      {partners.error ? <ProblemMessage error={partners.error} /> : null}
      <p role="status">
        {query !== undefined && partners.data
          ? partners.data.length === 0
            ? t('referrals.noResults')
            : t('referrals.found', { count: partners.data.length })
          : ''}
      </p>

      {partners.data && partners.data.length > 0 ? (
        <form onSubmit={submit} aria-labelledby="referral-form-title" className="referral-form">
          <RadioGroup
            value={partnerId}
            onChange={(value) => {
              setPartnerId(value);
              setShared([]);
            }}
            className="field"
          >
            <Label>{t('referrals.results')}</Label>
            {partners.data.map((p) => (
              <Radio key={p.agencyId} value={p.agencyId}>
                {p.name}{' '}
                <span className="hint">
                  (
                  {t('referrals.partnerDetail', {
                    services: p.services.map((s) => t(`referrals.services.${s}`)).join(', '),
                    areas: p.areas.join(', '),
                  })}
                  )
                </span>
              </Radio>
            ))}
          </RadioGroup>

          {partner && !serves ? (
            <p className="notice">
              {t('referrals.notServed', {
                partner: partner.name,
                purpose: purposeName,
                served: partner.purposes.map((p) => t(`purpose.${p}`)).join(', '),
              })}
            </p>
          ) : null}

          {partner && serves && unreadableReveal.length > 0 ? (
            <p className="notice" data-refusal="partner-reveals">
              {t('referrals.reveals', {
                partner: partner.name,
                categories: words(unreadableReveal.map((c) => t(`category.${c}`))),
                purpose: purposeName,
                purposes: words(revealingPurposes.map((p) => t(`purpose.${p}`))),
              })}
            </p>
          ) : null}

          {partner && serves && unreadableReveal.length === 0 ? (
            <>
              {consents.error ? <ProblemMessage error={consents.error} /> : null}
              {found.error ? <ProblemMessage error={found.error} /> : null}
              <CheckboxGroup value={shared} onChange={(values) => setShared(values as Category[])} className="field">
                <Label>{t('referrals.categoriesLegend')}</Label>
                <Text slot="description">
                  {t('referrals.categoriesHelp', { partner: partner.name, purpose: purposeName })}
                </Text>
                {offered.map((c) => (
                  <Checkbox key={c} value={c}>
                    {t(`category.${c}`)}
                  </Checkbox>
                ))}
              </CheckboxGroup>
              {consents.data && offered.length === 0 ? <p>{t('referrals.noneOffered')}</p> : null}
              <p className="hint">{t('referrals.derivedNote')}</p>
              {reducedCount > 0 ? (
                <p className="hint">{t('referrals.reducedNote', { count: reducedCount, partner: partner.name })}</p>
              ) : null}
              <h4 id="not-offered-title">{t('referrals.notOfferedHeading')}</h4>
              <ul aria-labelledby="not-offered-title" className="not-offered">
                {offers.map((o) =>
                  o.offered ? null : (
                    <li key={o.category} data-category={o.category}>
                      {t(`referrals.why.${o.why}`, {
                        category: t(`category.${o.category}`),
                        partner: partner.name,
                        purpose: purposeName,
                      })}
                    </li>
                  ),
                )}
              </ul>
              <TextField
                value={reason}
                onChange={setReason}
                maxLength={schemaLimits.SendReferralDto.reason.maxLength}
                isRequired
                className="field"
              >
                <Label>{t('referrals.reason')}</Label>
                <TextArea rows={3} />
                <Text slot="description">{t('referrals.reasonHelp')}</Text>
              </TextField>
              {send.error ? <ProblemMessage error={send.error} /> : null}
              <Button type="submit">{t('referrals.send')}</Button>
            </>
          ) : null}
          <p role="status">{message}</p>
        </form>
      ) : null}
    </section>
  );
}
