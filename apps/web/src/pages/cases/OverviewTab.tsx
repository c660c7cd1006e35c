import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import type { Schema } from '../../api/client';
import { legalBasisInWords } from '../../components/legal-basis';
import { ProblemMessage } from '../../components/ProblemMessage';
import { WithheldSection } from '../../components/WithheldSection';
import { useAgencyName, useCase, useCaseTimeline } from './queries';
import { useDateTime } from './format';
import './texts';

type Text = string | Schema<'Erased'>;

/** Übersicht: the legal bases, the sections per category the API gives, the withheld ones, the timeline. */
export function OverviewTab({ caseId: id }: { caseId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const agencyName = useAgencyName();
  const view = useCase(id).data;
  // The timeline is asked for with the case by the route's loader (App.tsx), not after it; only
  // Timeline follows it, so its answer renders the timeline alone.
  const textOf = (text: Text) => (typeof text === 'string' ? text : t('casePage.overview.erasedText'));
  const dateTime = useDateTime();
  if (!view) return null;
  const admin = view.caseAdmin;
  return (
    <div className="case-overview">
      <h2>{t('casePage.overview.title')}</h2>

      <section aria-labelledby="case-basis">
        <h3 id="case-basis">{t('casePage.overview.basisHeading')}</h3>
        <p>{t('casePage.overview.basisIntro')}</p>
        <ul className="sections">
          {Object.entries(view.access.legalBasis).map(([category, basis]) => (
            <li key={category} data-category={category}>
              {t(`category.${category}`)} – {t('case.basis', { basis: legalBasisInWords(basis, t) })}
            </li>
          ))}
        </ul>
      </section>

      {admin ? (
        <section aria-labelledby="case-admin" data-category="case_admin">
          <h3 id="case-admin">{t('casePage.overview.admin')}</h3>
          <dl className="facts">
            {admin.firstContactAt ? (
              <>
                <dt>{t('casePage.overview.firstContact')}</dt>
                <dd>{format.date(admin.firstContactAt)}</dd>
              </>
            ) : null}
            <dt>{t('casePage.overview.opened')}</dt>
            <dd>{format.date(admin.openedAt)}</dd>
            <dt>{t('casePage.overview.updated')}</dt>
            <dd>{format.date(admin.updatedAt)}</dd>
            <dt>{t('casePage.overview.leadAgency')}</dt>
            <dd>{agencyName(admin.leadAgencyId)}</dd>
            {admin.exitReason ? (
              <>
                <dt>{t('casePage.overview.exitReason')}</dt>
                <dd>{admin.exitReason}</dd>
              </>
            ) : null}
            {admin.followUps.length > 0 ? (
              <>
                <dt>{t('casePage.overview.followUps')}</dt>
                <dd>{admin.followUps.map((day) => format.day(day)).join(', ')}</dd>
              </>
            ) : null}
          </dl>
          <table className="data-table">
            <caption>{t('casePage.overview.team')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('casePage.overview.member')}</th>
                <th scope="col">{t('casePage.overview.role')}</th>
                <th scope="col">{t('casePage.overview.agency')}</th>
                <th scope="col">{t('casePage.overview.addedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {admin.team.map((member) => (
                <tr key={member.userId}>
                  <th scope="row">{member.userId}</th>
                  <td>{t(`role.${member.role}`, { defaultValue: member.role })}</td>
                  <td>{agencyName(member.agencyId)}</td>
                  <td>{format.date(member.addedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {admin.withheldTeamMembers > 0 ? (
            <p>{t('casePage.overview.withheldMembers', { count: admin.withheldTeamMembers })}</p>
          ) : null}
        </section>
      ) : null}

      {view.health ? (
        <section aria-labelledby="case-health" data-category="health">
          <h3 id="case-health">{t('casePage.overview.health')}</h3>
          {view.health.notes.length === 0 ? <p>{t('casePage.overview.noNotes')}</p> : null}
          <ul>
            {view.health.notes.map((note) => (
              <li key={note.id}>
                {dateTime(note.recordedAt)} –{' '}
                {t('casePage.overview.by', { user: note.author.userId, agency: agencyName(note.author.agencyId) })}
                {note.secrecy ? ` – ${t('casePage.overview.secrecy')}` : ''}: {textOf(note.text)}
              </li>
            ))}
          </ul>
          {view.health.withheldNotes > 0 ? (
            <p>{t('casePage.overview.withheldNotes', { count: view.health.withheldNotes })}</p>
          ) : null}
        </section>
      ) : null}

      {view.youthWelfare ? (
        <section aria-labelledby="case-youth" data-category="youth_welfare">
          <h3 id="case-youth">{t('casePage.overview.youthWelfare')}</h3>
          {view.youthWelfare.notes.length === 0 ? <p>{t('casePage.overview.noNotes')}</p> : null}
          <ul>
            {view.youthWelfare.notes.map((note) => (
              <li key={note.id}>
                {dateTime(note.recordedAt)} –{' '}
                {t('casePage.overview.by', { user: note.author.userId, agency: agencyName(note.author.agencyId) })} –{' '}
                {t('casePage.overview.entrustedBy', { by: note.entrustedBy })}: {textOf(note.text)}
              </li>
            ))}
          </ul>
          {view.youthWelfare.withheldNotes > 0 ? (
            <p>{t('casePage.overview.withheldNotes', { count: view.youthWelfare.withheldNotes })}</p>
          ) : null}
        </section>
      ) : null}

      {view.withheld.map((category) => (
        <WithheldSection key={category} category={category} purpose={view.access.purpose} />
      ))}

      <Timeline id={id} dateTime={dateTime} agencyName={agencyName} />
    </div>
  );
}

/** How many of the newest timeline entries a case page shows before "show all". */
const RECENT_ENTRIES = 20;

function Timeline({
  id,
  dateTime,
  agencyName,
}: {
  id: string;
  dateTime: (value: string) => string;
  agencyName: (agencyId: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const timeline = useCaseTimeline(id);
  const [showAll, setShowAll] = useState(false);
  const items = timeline.data?.items ?? [];
  // A long case shows its newest entries first-hand and the rest on request: a case of hundreds of
  // events opens as fast as a short one (`npm run bench -- web-case-page`).
  const shown = showAll ? items : items.slice(-RECENT_ENTRIES);
  // A long timeline repeats a few event types, actors and purposes: each is put into words once.
  const words = new Map<string, string>();
  const once = (key: string, say: () => string): string => {
    let said = words.get(key);
    if (said === undefined) words.set(key, (said = say()));
    return said;
  };
  const eventName = (type: string) =>
    once(`event ${type}`, () => {
      const key = `casePage.events.${type}`;
      return i18n.exists(key) ? t(key) : type;
    });
  return (
    <section aria-labelledby="case-timeline">
      <h3 id="case-timeline">{t('casePage.timeline.title')}</h3>
      {timeline.error ? <ProblemMessage error={timeline.error} /> : null}
      {timeline.isPending && !timeline.error ? <p role="status">{t('app.loading')}</p> : null}
      {timeline.data ? (
        <>
          {timeline.data.items.length === 0 ? (
            <p>{t('casePage.timeline.empty')}</p>
          ) : (
            <table className="data-table">
              <caption>{t('casePage.timeline.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('casePage.timeline.when')}</th>
                  <th scope="col">{t('casePage.timeline.what')}</th>
                  <th scope="col">{t('casePage.timeline.who')}</th>
                  <th scope="col">{t('casePage.timeline.purpose')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((entry) => (
                  <tr key={entry.eventId}>
                    <td>{dateTime(entry.occurredAt)}</td>
                    <th scope="row">{eventName(entry.type)}</th>
                    <td>
                      {once(`by ${entry.actor.userId} ${entry.actor.agencyId}`, () =>
                        t('casePage.overview.by', {
                          user: entry.actor.userId,
                          agency: agencyName(entry.actor.agencyId),
                        }),
                      )}
                    </td>
                    <td>
                      {once(`purpose ${entry.purpose}`, () =>
                        t(`purpose.${entry.purpose}`, { defaultValue: entry.purpose }),
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {shown.length < items.length ? (
            <p>
              {t('casePage.timeline.shown', { shown: shown.length, count: items.length })}{' '}
              <Button onPress={() => setShowAll(true)}>
                {t('casePage.timeline.showAll', { count: items.length })}
              </Button>
            </p>
          ) : null}
          {timeline.data.withheldEntries > 0 ? (
            <p className="withheld-count">
              {t('casePage.timeline.withheld', { count: timeline.data.withheldEntries })}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
