import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useTranslation } from '../../i18n/i18n';
import { Link } from 'react-router';
import type { Schema } from '../../api/client';
import { useDateTime } from '../../components/dateTime';
import { legalBasisInWords } from '../../components/legal-basis';
import { keepFocusNear } from '../../api/write';
import { ProblemMessage } from '../../components/ProblemMessage';
import { usePageTitle } from '../../components/usePageTitle';
import { addTexts } from '../../i18n/texts';
import type { Purpose } from '../../session/purposes';
import { session, useSession } from '../../session/session-store';
import { useAgencyName } from '../cases/queries';
import { useInbox, useInvitations, usePartnerRecord } from './queries';
import { ReferralCard } from './ReferralCard';
import { inboxTexts } from './texts';
import './inbox.css';
import { listedName } from '../../components/listedName';

addTexts('inbox', inboxTexts);

type TabKey = 'referrals' | 'record' | 'invitations';

/** Switches the declared purpose on the user's explicit request, announced like the header's select. */
function usePurposeSwitch(announce: (message: string) => void) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (next: Purpose) => {
    // The button that switched goes away with the note it stood in: the focus stays in the part of the page
    // around it (`keepFocusNear`), not at the page's top.
    const from = document.activeElement;
    if (from && from !== document.body) keepFocusNear(from);
    session.update({ purpose: next });
    announce(t('inbox.purposeChanged', { purpose: t(`purpose.${next}`) }));
    void queryClient.invalidateQueries();
  };
}

/** "N more under purpose …" with a button to switch to that purpose deliberately. */
function HiddenByPurpose({
  hidden,
  onSwitch,
}: {
  hidden: readonly Schema<'HiddenByPurposeDto'>[];
  onSwitch: (purpose: Purpose) => void;
}) {
  const { t } = useTranslation();
  if (hidden.length === 0) return null;
  return (
    <ul className="hidden-by-purpose">
      {hidden.map((entry) => (
        <li key={entry.purpose}>
          {t('inbox.hidden', { count: entry.count, purpose: t(`purpose.${entry.purpose}`) })}{' '}
          <Button onPress={() => onSwitch(entry.purpose)}>
            {t('inbox.switchPurpose', { purpose: t(`purpose.${entry.purpose}`) })}
          </Button>
        </li>
      ))}
    </ul>
  );
}

/** The partner's inbox: open referrals with their steps, the agency's own record, conference invitations. */
export function InboxPage() {
  const { t } = useTranslation();
  usePageTitle(t('inbox.title'));
  const [tab, setTab] = useState<TabKey>('referrals');
  const [announcement, setAnnouncement] = useState('');
  const switchPurpose = usePurposeSwitch(setAnnouncement);
  return (
    <>
      <h1>{t('inbox.title')}</h1>
      <p role="status" className="announcement">
        {announcement}
      </p>
      <Tabs selectedKey={tab} onSelectionChange={(key) => setTab(key as TabKey)}>
        <TabList aria-label={t('inbox.tabs')} className="tab-list">
          <Tab id="referrals">{t('inbox.tabInbox')}</Tab>
          <Tab id="record">{t('inbox.tabRecord')}</Tab>
          <Tab id="invitations">{t('inbox.tabInvitations')}</Tab>
        </TabList>
        <TabPanel id="referrals">
          <Referrals onDone={setAnnouncement} onSwitch={switchPurpose} />
        </TabPanel>
        <TabPanel id="record">
          <PartnerRecord active={tab === 'record'} onSwitch={switchPurpose} />
        </TabPanel>
        <TabPanel id="invitations">
          <Invitations active={tab === 'invitations'} onSwitch={switchPurpose} />
        </TabPanel>
      </Tabs>
    </>
  );
}

/**
 * "Einladungen": the case conferences the user's agency is invited to, for staff without a partner inbox
 * (youth office, health, jobcenter) — partner staff find the same in their inbox's tab.
 */
export function ConferenceInvitationsPage() {
  const { t } = useTranslation();
  usePageTitle(t('inbox.invitations.heading'));
  const [announcement, setAnnouncement] = useState('');
  const switchPurpose = usePurposeSwitch(setAnnouncement);
  return (
    <>
      <h1>{t('inbox.invitations.heading')}</h1>
      <p role="status" className="announcement">
        {announcement}
      </p>
      <Invitations active onSwitch={switchPurpose} titled={false} />
    </>
  );
}

function Pager({ offset, next, onPage }: { offset: number; next: number | null; onPage: (o: number) => void }) {
  const { t } = useTranslation();
  if (offset === 0 && next === null) return null;
  return (
    <div className="pager">
      <Button isDisabled={offset === 0} onPress={() => onPage(Math.max(0, offset - 25))}>
        {t('inbox.previousPage')}
      </Button>
      <Button isDisabled={next === null} onPress={() => next !== null && onPage(next)}>
        {t('inbox.nextPage')}
      </Button>
    </div>
  );
}

function Referrals({ onDone, onSwitch }: { onDone: (m: string) => void; onSwitch: (p: Purpose) => void }) {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const inbox = useInbox(offset);
  if (inbox.error) return <ProblemMessage error={inbox.error} />;
  if (!inbox.data) return <p role="status">{t('inbox.loading')}</p>;
  return (
    <>
      <HiddenByPurpose hidden={inbox.data.hiddenByPurpose} onSwitch={onSwitch} />
      {inbox.data.items.length === 0 ? <p>{t('inbox.empty')}</p> : null}
      {inbox.data.items.map((referral) => (
        <ReferralCard key={referral.id} referral={referral} onDone={onDone} />
      ))}
      <Pager offset={offset} next={inbox.data.nextOffset} onPage={setOffset} />
    </>
  );
}

function PartnerRecord({ active, onSwitch }: { active: boolean; onSwitch: (p: Purpose) => void }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const { purpose } = useSession();
  const [offset, setOffset] = useState(0);
  // The record is refused under evaluation, audit and child protection: not asked for there.
  const allowed = purpose !== 'evaluation' && purpose !== 'audit' && purpose !== 'child_protection';
  const record = usePartnerRecord(offset, active && allowed);
  if (!allowed) return <p>{t('inbox.record.empty')}</p>;
  if (record.error) return <ProblemMessage error={record.error} />;
  if (!record.data) return <p role="status">{t('inbox.loading')}</p>;
  const { items } = record.data;
  const outcome = (entry: Schema<'PartnerRecordEntryDto'>): string => {
    if (entry.attestation)
      return t('inbox.record.attestation', {
        attended: entry.attestation.attended ? t('inbox.yes') : t('inbox.no'),
        goal: entry.attestation.goalReached ? t('inbox.yes') : t('inbox.no'),
      });
    if (entry.declined) return t(`inbox.declineReasons.${entry.declined.reason}`, entry.declined.reason);
    if (entry.firstAppointmentAt) return `${t('inbox.held')}: ${dateTime(entry.firstAppointmentAt)}`;
    if (entry.plannedAppointmentAt) return `${t('inbox.planned')}: ${dateTime(entry.plannedAppointmentAt)}`;
    return '–';
  };
  return (
    <>
      <h2>{t('inbox.record.heading')}</h2>
      <p>{t('inbox.record.basis', { basis: legalBasisInWords(record.data.legalBasis, t) })}</p>
      <HiddenByPurpose hidden={record.data.hiddenByPurpose} onSwitch={onSwitch} />
      {items.length === 0 ? (
        <p>{t('inbox.record.empty')}</p>
      ) : (
        <table className="data-table">
          <caption>{t('inbox.record.caption', { count: items.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('inbox.record.receivedAt')}</th>
              <th scope="col">{t('inbox.record.from')}</th>
              <th scope="col">{t('inbox.purpose')}</th>
              <th scope="col">{t('inbox.record.categories')}</th>
              <th scope="col">{t('inbox.status')}</th>
              <th scope="col">{t('inbox.record.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((entry) => (
              <tr key={entry.referralId}>
                <td>{dateTime(entry.receivedAt)}</td>
                <td>{entry.referringAgency.name ?? entry.referringAgency.agencyId}</td>
                <td>{t(`purpose.${entry.purpose}`)}</td>
                <td>{entry.receivedCategories.map((c) => t(`category.${c}`)).join(', ')}</td>
                <td>{t(`inbox.steps.${entry.status}`)}</td>
                <td>{outcome(entry)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager offset={offset} next={record.data.nextOffset} onPage={setOffset} />
    </>
  );
}

function Invitations({
  active,
  onSwitch,
  titled = true,
}: {
  active: boolean;
  onSwitch: (p: Purpose) => void;
  /** Under its own `<h2>` (a tab of the inbox); a page of its own has the `<h1>`. */
  titled?: boolean;
}) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const agencyName = useAgencyName();
  const { purpose } = useSession();
  // Only under case_conference (any other purpose is refused and recorded as denied): not asked for.
  const allowed = purpose === 'case_conference';
  const invitations = useInvitations(active && allowed);
  if (!allowed)
    return (
      <>
        {titled ? <h2>{t('inbox.invitations.heading')}</h2> : null}
        <p>{t('inbox.invitations.needsPurpose')}</p>
        <Button onPress={() => onSwitch('case_conference')}>
          {t('inbox.switchPurpose', { purpose: t('purpose.case_conference') })}
        </Button>
      </>
    );
  if (invitations.error) return <ProblemMessage error={invitations.error} />;
  if (!invitations.data) return <p role="status">{t('inbox.loading')}</p>;
  const { items } = invitations.data;
  const who = (item: Schema<'ConferenceInvitationDto'>) => {
    if (item.participant && !('erased' in item.participant)) {
      const name = listedName(item.participant);
      return item.caseId ? <Link to={`/cases/${item.caseId}`}>{name}</Link> : name;
    }
    return t('inbox.invitations.pseudonym', { pseudonym: item.pseudonym });
  };
  return (
    <>
      {titled ? <h2>{t('inbox.invitations.heading')}</h2> : null}
      {items.length === 0 ? (
        <p>{t('inbox.invitations.empty')}</p>
      ) : (
        <table className="data-table">
          <caption>{t('inbox.invitations.caption', { count: items.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('inbox.invitations.participant')}</th>
              <th scope="col">{t('inbox.invitations.plannedFor')}</th>
              <th scope="col">{t('inbox.invitations.convenedBy')}</th>
              <th scope="col">{t('inbox.invitations.invited')}</th>
              <th scope="col">{t('inbox.invitations.agreed')}</th>
              <th scope="col">{t('inbox.invitations.held')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>{who(item)}</td>
                <td>{dateTime(item.plannedFor)}</td>
                <td>{agencyName(item.convenedByAgencyId)}</td>
                <td>{item.invitedAgencyIds.map(agencyName).join(', ')}</td>
                <td>
                  {item.participantAgreed === null
                    ? t('inbox.invitations.agreedOpen')
                    : item.participantAgreed
                      ? t('inbox.invitations.agreedYes')
                      : t('inbox.invitations.agreedNo')}
                </td>
                <td>
                  {item.held && item.heldAt
                    ? t('inbox.invitations.heldAt', { date: dateTime(item.heldAt) })
                    : t('inbox.invitations.notHeld')}
                  {item.attendedByOwnAgency ? ` (${t('inbox.invitations.ownAgency')})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
