import { type FormEvent, useId, useState } from 'react';
import {
  Button,
  Checkbox,
  Dialog,
  DialogTrigger,
  Heading,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Modal,
  Popover,
  Radio,
  RadioGroup,
  Select,
  SelectValue,
  Text,
  TextField,
} from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { useParams } from 'react-router';
import { useCase } from '../cases/queries';
import { useSession } from '../../session/session-store';
import { ProblemMessage } from '../../components/ProblemMessage';
import { localDay } from '../../components/dateTime';
import { usePageTitle } from '../../components/usePageTitle';
import { addTexts } from '../../i18n/texts';
import { type Category, needsOf, type Purpose } from '../../session/purposes';
import { InvitationSection } from '../invitations/InvitationSection';
import { type Partner, usePartners } from '../referrals/queries';
import { type ConsentView, type GrantConsentBody, useConsents, useGrantConsent, useWithdrawConsent } from './queries';
import { CATEGORIES, CONSENTABLE_PURPOSES, consentInWords, joinWords, SPECIAL_CATEGORIES } from './summary';
import { consentsTexts } from './texts';

addTexts('consents', consentsTexts);

type Form = GrantConsentBody['form'];
type GrantedBy = GrantConsentBody['grantedBy'];
const FORMS: readonly Form[] = ['written', 'electronic', 'verbal'];
const GRANTED_BY: readonly GrantedBy[] = ['participant', 'legal_guardian', 'entrusting_person'];

const NO_AGENCY = '';

/** An agency id in words: its name from the partner directory, else the id. */
const agencyName = (partners: readonly Partner[] | undefined, agencyId: string): string =>
  partners?.find((p) => p.agencyId === agencyId)?.name ?? agencyId;

const recipientsOf = (consent: ConsentView, partners: readonly Partner[] | undefined): string[] => [
  ...(consent.recipientAgencyIds ?? []).map((id) => agencyName(partners, id)),
  ...(consent.recipientUserIds ?? []),
];

/** The case tab "Einwilligungen": the consents of the case, withdrawing one, and recording one. */
export function ConsentsPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  usePageTitle(t('consents.title'));
  // Consents are recorded and withdrawn by the case's lead agency (a recipient or partner reads them here).
  const view = useCase(id).data;
  const { user } = useSession();
  const mayRecord =
    view?.caseAdmin?.leadAgencyId === user?.agencyId && (view?.access.recordable.includes('case_admin') ?? false);
  return (
    <section aria-labelledby="consents-title" className="wide-page">
      <h2 id="consents-title">{t('consents.title')}</h2>
      <ConsentList caseId={id} mayWithdraw={mayRecord} />
      {mayRecord ? <ConsentForm caseId={id} /> : <p>{t('consents.leadAgencyOnly')}</p>}
      <InvitationSection caseId={id} />
    </section>
  );
}

/** The list of the case's consents with their state and a withdraw button each. */
export function ConsentList({ caseId, mayWithdraw }: { caseId: string; mayWithdraw: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const consents = useConsents(caseId);
  const partners = usePartners({});
  const withdraw = useWithdrawConsent(caseId);
  const [announcement, setAnnouncement] = useState('');
  const items = consents.data ?? [];
  const statusOf = (c: ConsentView): string =>
    c.withdrawnAt
      ? t('consents.status.withdrawn', { at: format.date(c.withdrawnAt) })
      : c.active
        ? t('consents.status.active')
        : t('consents.status.expired');
  const validity = (c: ConsentView): string =>
    c.validUntil
      ? t('consents.validUntil', { from: format.date(c.grantedAt), until: format.day(c.validUntil) })
      : t('consents.validOpen', { from: format.date(c.grantedAt) });
  const words = (list: readonly string[]) => joinWords(list, t('consents.and'));
  return (
    <>
      <h3>{t('consents.listHeading')}</h3>
      {consents.error ? <ProblemMessage error={consents.error} /> : null}
      {withdraw.error ? <ProblemMessage error={withdraw.error} /> : null}
      <p role="status">{announcement}</p>
      {consents.isPending && !consents.error ? <p>{t('app.loading')}</p> : null}
      {consents.data && items.length === 0 ? <p>{t('consents.none')}</p> : null}
      {items.some((c) => c.reduced) ? <p>{t('consents.reducedNote')}</p> : null}
      {items.length > 0 ? (
        <div className="table-scroll" role="region" aria-label={t('consents.caption')} tabIndex={0}>
          <table className="data-table">
            <caption className="visually-hidden">{t('consents.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('consents.col.recipients')}</th>
                <th scope="col">{t('consents.col.purposes')}</th>
                <th scope="col">{t('consents.col.categories')}</th>
                <th scope="col">{t('consents.col.validity')}</th>
                <th scope="col">{t('consents.col.form')}</th>
                <th scope="col">{t('consents.col.status')}</th>
                <th scope="col">{t('consents.col.action')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c, index) => {
                const recipients = recipientsOf(c, partners.data);
                const name = c.reduced
                  ? t('consents.withdrawDated', { n: index + 1, date: format.date(c.grantedAt) })
                  : words(recipients);
                const allows = c.reduced
                  ? ''
                  : consentInWords(
                      {
                        recipients,
                        purposes: c.purposes ?? [],
                        categories: c.dataCategories ?? [],
                        until: c.validUntil ? format.day(c.validUntil) : undefined,
                      },
                      t,
                    ).join(' ');
                return (
                  <tr key={c.consentId} data-consent={c.consentId}>
                    <th scope="row">{c.reduced ? `${name} (${t('consents.reduced')})` : name}</th>
                    <td>{c.reduced ? '–' : words((c.purposes ?? []).map((p) => t(`purpose.${p}`)))}</td>
                    <td>{c.reduced ? '–' : words((c.dataCategories ?? []).map((d) => t(`category.${d}`)))}</td>
                    <td>{validity(c)}</td>
                    <td>{t(`consents.form.${c.form}`, { defaultValue: c.form })}</td>
                    <td>{statusOf(c)}</td>
                    <td>
                      {c.active && mayWithdraw ? (
                        <WithdrawButton
                          name={name}
                          stops={
                            c.reduced ? t('consents.withdrawStopsReduced') : t('consents.withdrawStops', { allows })
                          }
                          pending={withdraw.isPending}
                          onConfirm={() =>
                            withdraw.mutate(c.consentId, {
                              onSuccess: () => setAnnouncement(t('consents.withdrawn')),
                            })
                          }
                        />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

/**
 * One action to withdraw, confirmed in a dialog that says what stops. The texts default to the staff
 * tab's; the participant's own screen passes its own words.
 */
export function WithdrawButton({
  name = '',
  label,
  title,
  confirm,
  cancel,
  stops,
  pending,
  onConfirm,
}: {
  name?: string;
  label?: string;
  title?: string;
  confirm?: string;
  cancel?: string;
  stops: string;
  pending: boolean;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  return (
    <DialogTrigger>
      <Button>{label ?? t('consents.withdraw', { name })}</Button>
      <Modal isDismissable className="modal">
        <Dialog role="alertdialog" className="dialog">
          {({ close }) => (
            <>
              <Heading slot="title">{title ?? t('consents.withdrawTitle')}</Heading>
              <p>{stops}</p>
              <div className="buttons">
                <Button onPress={close}>{cancel ?? t('consents.cancel')}</Button>
                <Button
                  isDisabled={pending}
                  onPress={() => {
                    onConfirm();
                    close();
                  }}
                >
                  {confirm ?? t('consents.withdrawConfirm')}
                </Button>
              </div>
            </>
          )}
        </Dialog>
      </Modal>
    </DialogTrigger>
  );
}

/** The structured form to record a consent, with what it allows in words, live. */
export function ConsentForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const partners = usePartners({});
  const grant = useGrantConsent(caseId);
  const untilId = useId();
  const [purposes, setPurposes] = useState<Purpose[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [agency, setAgency] = useState<string>(NO_AGENCY);
  const [person, setPerson] = useState('');
  const [until, setUntil] = useState('');
  const [form, setForm] = useState<Form>('written');
  const [grantedBy, setGrantedBy] = useState<GrantedBy>('participant');
  const [evidence, setEvidence] = useState('');
  const [message, setMessage] = useState('');

  const toggle = <T,>(list: T[], value: T, on: boolean): T[] =>
    on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);
  const personId = person.trim();
  const recipients = [...(agency ? [agencyName(partners.data, agency)] : []), ...(personId ? [personId] : [])];
  const sentences = consentInWords(
    {
      recipients,
      purposes: CONSENTABLE_PURPOSES.filter((p) => purposes.includes(p)),
      categories,
      until: until ? format.day(until) : undefined,
    },
    t,
  );
  const complete = purposes.length > 0 && categories.length > 0 && recipients.length > 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!complete) {
      setMessage(t('consents.missing'));
      return;
    }
    const body: GrantConsentBody = {
      purposes: CONSENTABLE_PURPOSES.filter((p) => purposes.includes(p)),
      dataCategories: CATEGORIES.filter((c) => categories.includes(c)),
      recipientAgencyIds: agency ? [agency] : [],
      ...(personId ? { recipientUserIds: [personId] } : {}),
      ...(until ? { validUntil: until } : {}),
      form,
      grantedBy,
      ...(evidence.trim() ? { evidenceRef: evidence.trim() } : {}),
    };
    setMessage('');
    grant.mutate(body, {
      onSuccess: () => {
        setMessage(t('consents.recorded'));
        setPurposes([]);
        setCategories([]);
        setAgency(NO_AGENCY);
        setPerson('');
        setUntil('');
        setEvidence('');
      },
    });
  };

  return (
    <form onSubmit={submit} aria-labelledby="consent-form-title" className="consent-form">
      <h3 id="consent-form-title">{t('consents.recordHeading')}</h3>

      <fieldset>
        <legend>{t('consents.gridLegend')}</legend>
        <p id="consent-grid-help">{t('consents.gridHelp')}</p>
        <div className="table-scroll" role="region" aria-label={t('consents.gridCaption')} tabIndex={0}>
          <table className="consent-grid" aria-describedby="consent-grid-help">
            <caption className="visually-hidden">{t('consents.gridCaption')}</caption>
            <thead>
              <tr>
                <td />
                {CATEGORIES.map((c) => (
                  <th scope="col" key={c} data-category={c}>
                    <Checkbox
                      isSelected={categories.includes(c)}
                      onChange={(on) => setCategories(toggle(categories, c, on))}
                    >
                      <span className="visually-hidden">{t('consents.categoryPrefix')}</span> {t(`category.${c}`)}
                    </Checkbox>
                    {SPECIAL_CATEGORIES.includes(c) ? (
                      <span className="special-mark"> ({t('consents.special')})</span>
                    ) : null}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {CONSENTABLE_PURPOSES.map((p) => (
                <tr key={p} data-purpose={p}>
                  <th scope="row">
                    <Checkbox isSelected={purposes.includes(p)} onChange={(on) => setPurposes(toggle(purposes, p, on))}>
                      <span className="visually-hidden">{t('consents.purposePrefix')}</span> {t(`purpose.${p}`)}
                    </Checkbox>
                  </th>
                  {CATEGORIES.map((c) => (
                    <td key={c}>
                      {!needsOf(p).includes(c) ? (
                        <span className="muted">{t('consents.cell.notNeeded')}</span>
                      ) : purposes.includes(p) && categories.includes(c) ? (
                        <strong>{t('consents.cell.allowed')}</strong>
                      ) : (
                        <>
                          <span aria-hidden="true">–</span>
                          <span className="visually-hidden">{t('consents.cell.off')}</span>
                        </>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <section aria-labelledby="consent-special-title" className="special-categories">
          <h4 id="consent-special-title">{t('consents.specialHeading')}</h4>
          <ul>
            {SPECIAL_CATEGORIES.map((c) => (
              <li key={c} data-category={c}>
                <strong>{t(`category.${c}`)}:</strong> {t(`consents.specialText.${c}`)}
              </li>
            ))}
          </ul>
        </section>
      </fieldset>

      <fieldset>
        <legend>{t('consents.recipientsLegend')}</legend>
        <Select
          selectedKey={agency}
          onSelectionChange={(key) => setAgency(key === null ? NO_AGENCY : String(key))}
          className="field"
        >
          <Label>{t('consents.agency')}</Label>
          <Button className="select-button">
            <SelectValue />
            <span aria-hidden="true">▾</span>
          </Button>
          <Popover>
            <ListBox
              items={[
                { id: NO_AGENCY, name: t('consents.agencyNone') },
                ...(partners.data ?? []).map((p) => ({ id: p.agencyId, name: p.name })),
              ]}
            >
              {(item) => <ListBoxItem id={item.id}>{item.name}</ListBoxItem>}
            </ListBox>
          </Popover>
        </Select>
        <TextField value={person} onChange={setPerson} className="field">
          <Label>{t('consents.person')}</Label>
          <Input autoComplete="off" />
          <Text slot="description">{t('consents.personHelp')}</Text>
        </TextField>
      </fieldset>

      <fieldset>
        <legend>{t('consents.validityLegend')}</legend>
        <p>
          {t('consents.from')}: {t('consents.fromValue', { today: format.day(localDay()) })}
        </p>
        <div className="field">
          <label htmlFor={untilId}>{t('consents.until')}</label>
          <input id={untilId} type="date" min={localDay()} value={until} onChange={(e) => setUntil(e.target.value)} />
        </div>
      </fieldset>

      <RadioGroup value={form} onChange={(v) => setForm(v as Form)} className="field">
        <Label>{t('consents.formLabel')}</Label>
        <Text slot="description">{t('consents.formHelp')}</Text>
        {FORMS.map((f) => (
          <Radio key={f} value={f}>
            {t(`consents.form.${f}`)}
          </Radio>
        ))}
      </RadioGroup>

      <RadioGroup value={grantedBy} onChange={(v) => setGrantedBy(v as GrantedBy)} className="field">
        <Label>{t('consents.grantedByLabel')}</Label>
        {GRANTED_BY.map((g) => (
          <Radio key={g} value={g}>
            {t(`consents.grantedBy.${g}`)}
          </Radio>
        ))}
      </RadioGroup>

      <TextField value={evidence} onChange={setEvidence} className="field">
        <Label>{t('consents.evidence')}</Label>
        <Input autoComplete="off" />
      </TextField>

      <section aria-labelledby="consent-summary-title" className="consent-summary">
        <h4 id="consent-summary-title">{t('consents.summaryHeading')}</h4>
        <div aria-live="polite" data-testid="consent-summary">
          {sentences.length === 0 ? (
            <p>{t('consents.summaryEmpty')}</p>
          ) : (
            sentences.map((sentence) => <p key={sentence}>{sentence}</p>)
          )}
        </div>
      </section>

      {grant.error ? <ProblemMessage error={grant.error} /> : null}
      <p role="status">{message}</p>
      <Button type="submit">{t('consents.submit')}</Button>
    </form>
  );
}
