import { type FormEvent, useId, useState } from 'react';
import { schemaLimits } from '../../api/schema.gen';
import { Button } from 'react-aria-components';
import { useTranslation } from '../../i18n/i18n';
import { useParams } from 'react-router';
import type { Schema } from '../../api/client';
import { localToInstant, plannedForProblem, type PlannedForProblem, useDateTime } from '../../components/dateTime';
import { ProblemMessage } from '../../components/ProblemMessage';
import { usePageTitle } from '../../components/usePageTitle';
import { addTexts } from '../../i18n/texts';
import { useSession } from '../../session/session-store';
import {
  useConferenceAgreement,
  useConferenceMinutes,
  useConferences,
  useDirectory,
  useScheduleConference,
} from './queries';
import { conferenceTexts } from './texts';
import { useAgencyName, useCase } from '../cases/queries';
import '../inbox/inbox.css';
import '../plan/plan.css';

addTexts('conferences', conferenceTexts);

type Conference = Schema<'ConferenceViewDto'>;
const FORMS = ['written', 'electronic', 'verbal'] as const;
/** What a case conference may share (docs/access-policy.md, purpose case_conference). */
const SHAREABLE = ['identity', 'case_admin', 'plan', 'progress'] as const;

/** The case conferences of a case (a tab of the case page, so it starts with an <h2>). */
export function ConferencesPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  usePageTitle(t('conferences.title'));
  const conferences = useConferences(id);
  const [announcement, setAnnouncement] = useState('');
  // The case team convenes, records the person's answer and the minutes; an invited agency reads them (the API
  // would refuse it the forms, in words that suggest another purpose would help).
  const { user } = useSession();
  const team = useCase(id).data?.caseAdmin?.team;
  const onTeam = team?.some((member) => member.userId === user?.userId) ?? false;
  return (
    <section aria-labelledby="conferences-heading">
      <h2 id="conferences-heading">{t('conferences.title')}</h2>
      <p role="status" className="announcement">
        {announcement}
      </p>
      {conferences.error ? <ProblemMessage error={conferences.error} /> : null}
      {conferences.isPending && !conferences.error ? <p role="status">{t('conferences.loading')}</p> : null}
      {conferences.data ? (
        <>
          {conferences.data.items.length === 0 ? <p>{t('conferences.empty')}</p> : null}
          {conferences.data.items.map((conference) => (
            <ConferenceCard
              key={conference.id}
              caseId={id}
              conference={conference}
              onTeam={onTeam}
              onDone={setAnnouncement}
            />
          ))}
        </>
      ) : null}
      {onTeam ? <ScheduleForm caseId={id} onDone={setAnnouncement} /> : null}
      {team && !onTeam ? <p>{t('conferences.inviteeNote')}</p> : null}
    </section>
  );
}

function ConferenceCard({
  caseId,
  conference,
  onTeam,
  onDone,
}: {
  caseId: string;
  conference: Conference;
  onTeam: boolean;
  onDone: (m: string) => void;
}) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const headingId = useId();
  const topic =
    typeof conference.topic === 'string' ? conference.topic : conference.topic ? '–' : t('conferences.topicWithheld');
  const agreement = conference.agreement;
  const agencyName = useAgencyName();
  const form = (value: string) => t(`conferences.agree.forms.${value}`, value);
  const decisions = Array.isArray(conference.decisions) ? conference.decisions : [];
  return (
    <article className="referral-card" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('conferences.conference', { date: dateTime(conference.plannedFor) })}</h3>
      <dl className="facts">
        <dt>{t('conferences.topic')}</dt>
        <dd>{topic}</dd>
        <dt>{t('conferences.invited')}</dt>
        <dd>
          {conference.invitedAgencyIds.map(agencyName).join(', ')}
          {conference.withheldAgencies > 0
            ? `${conference.invitedAgencyIds.length > 0 ? '; ' : ''}${t('conferences.withheldAgencies', { count: conference.withheldAgencies })}`
            : ''}
        </dd>
        <dt>{t('conferences.agreement')}</dt>
        <dd>
          {agreement
            ? t(agreement.agreed ? 'conferences.agreementYes' : 'conferences.agreementNo', {
                form: form(agreement.form),
                by: agreement.recordedBy,
              })
            : t('conferences.agreementOpen')}
        </dd>
        <dt>{t('conferences.held')}</dt>
        <dd>
          {conference.held && conference.heldAt
            ? t('conferences.heldAt', { date: dateTime(conference.heldAt) })
            : t('conferences.notHeld')}
        </dd>
        {conference.attendees.length > 0 ? (
          <>
            <dt>{t('conferences.attendees')}</dt>
            <dd>
              {conference.attendees
                .map(
                  (a) =>
                    `${agencyName(a.agencyId)}: ${a.userIds.join(', ')} (${a.identified ? t('conferences.identified') : t('conferences.pseudonymised')})`,
                )
                .join('; ')}
            </dd>
          </>
        ) : null}
        {conference.sharedCategories.length > 0 ? (
          <>
            <dt>{t('conferences.shared')}</dt>
            <dd>{conference.sharedCategories.map((c) => t(`category.${c}`, c)).join(', ')}</dd>
          </>
        ) : null}
      </dl>
      <p>{t('conferences.pseudonym', { pseudonym: conference.pseudonym })}</p>
      <p>{t('conferences.scheduledBy', { by: conference.scheduledBy, date: dateTime(conference.scheduledAt) })}</p>
      {decisions.length > 0 ? (
        <>
          <h4>{t('conferences.decisions')}</h4>
          <ul>
            {decisions.map((decision, index) => (
              // A decision of an erased data category (issue 17) is an erased item in its place.
              <li key={index}>{typeof decision === 'string' ? decision : t('conferences.decisionErased')}</li>
            ))}
          </ul>
        </>
      ) : null}
      {conference.withheldTexts > 0 ? (
        <p className="withheld">{t('conferences.withheld', { count: conference.withheldTexts })}</p>
      ) : null}
      {onTeam && !conference.held ? <AgreementForm caseId={caseId} conference={conference} onDone={onDone} /> : null}
      {onTeam && !conference.held ? <MinutesForm caseId={caseId} conference={conference} onDone={onDone} /> : null}
    </article>
  );
}

function ScheduleForm({ caseId, onDone }: { caseId: string; onDone: (m: string) => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const directory = useDirectory();
  const schedule = useScheduleConference(caseId);
  const [topic, setTopic] = useState('');
  const [at, setAt] = useState('');
  const [invited, setInvited] = useState<string[]>([]);
  const [incomplete, setIncomplete] = useState(false);
  const [wrongTime, setWrongTime] = useState<PlannedForProblem | null>(null);
  const openedAt = useCase(caseId).data?.caseAdmin?.openedAt;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!topic.trim() || !at || invited.length === 0) return setIncomplete(true);
    setIncomplete(false);
    const problem = plannedForProblem(new Date(at), new Date(), openedAt);
    setWrongTime(problem);
    if (problem) return;
    schedule.mutate(
      { topic, invitedAgencyIds: invited, plannedFor: localToInstant(at) },
      {
        onSuccess: () => {
          setTopic('');
          setAt('');
          setInvited([]);
          onDone(t('conferences.schedule.done'));
        },
      },
    );
  };
  const agencies = (directory.data?.items ?? []).filter((p) => p.agencyId !== user?.agencyId);
  return (
    <form onSubmit={submit} noValidate className="plan-form" aria-labelledby="conference-schedule">
      <h3 id="conference-schedule">{t('conferences.schedule.heading')}</h3>
      <div className="field">
        <label htmlFor="conference-topic">{t('conferences.schedule.topic')}</label>
        <input
          id="conference-topic"
          value={topic}
          maxLength={schemaLimits.ScheduleConferenceDto.topic.maxLength}
          onChange={(e) => setTopic(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="conference-at">{t('conferences.schedule.plannedFor')}</label>
        <input
          id="conference-at"
          type="datetime-local"
          value={at}
          onChange={(e) => {
            setAt(e.target.value);
            // The reason was about the time that stood there; a new one is judged when sent.
            setWrongTime(null);
          }}
          aria-invalid={wrongTime ? true : undefined}
          aria-describedby={wrongTime ? 'conference-at-error' : undefined}
        />
        {wrongTime ? (
          <p id="conference-at-error" role="alert" className="field-error">
            {t(`conferences.schedule.wrongTime.${wrongTime}`)}
          </p>
        ) : null}
      </div>
      <fieldset>
        <legend>{t('conferences.schedule.invite')}</legend>
        {directory.error ? <ProblemMessage error={directory.error} /> : null}
        {agencies.map((agency) => (
          <label key={agency.agencyId} className="choice">
            <input
              type="checkbox"
              checked={invited.includes(agency.agencyId)}
              onChange={(e) =>
                setInvited((all) =>
                  e.target.checked ? [...all, agency.agencyId] : all.filter((a) => a !== agency.agencyId),
                )
              }
            />
            {agency.name}
          </label>
        ))}
      </fieldset>
      {incomplete ? (
        <p role="alert" className="field-error">
          {t('conferences.schedule.incomplete')}
        </p>
      ) : null}
      <Button type="submit">{t('conferences.schedule.send')}</Button>
      {schedule.error ? <ProblemMessage error={schedule.error} /> : null}
    </form>
  );
}

function AgreementForm({
  caseId,
  conference,
  onDone,
}: {
  caseId: string;
  conference: Conference;
  onDone: (m: string) => void;
}) {
  const { t } = useTranslation();
  const agreement = useConferenceAgreement(caseId);
  const [answer, setAnswer] = useState<'yes' | 'no' | ''>('');
  const [form, setForm] = useState<(typeof FORMS)[number]>('written');
  const [missing, setMissing] = useState(false);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!answer) return setMissing(true);
    setMissing(false);
    agreement.mutate(
      { conferenceId: conference.id, agreed: answer === 'yes', form },
      { onSuccess: () => onDone(t('conferences.agree.done')) },
    );
  };
  return (
    <form onSubmit={submit} noValidate className="plan-form" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{t('conferences.agree.heading')}</h4>
      <fieldset>
        <legend>{t('conferences.agree.answer')}</legend>
        {(['yes', 'no'] as const).map((value) => (
          <label key={value} className="choice">
            <input type="radio" name={`${id}-answer`} checked={answer === value} onChange={() => setAnswer(value)} />
            {t(`conferences.agree.${value}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('conferences.agree.form')}</legend>
        {FORMS.map((value) => (
          <label key={value} className="choice">
            <input type="radio" name={`${id}-form`} checked={form === value} onChange={() => setForm(value)} />
            {t(`conferences.agree.forms.${value}`)}
          </label>
        ))}
      </fieldset>
      {missing ? (
        <p role="alert" className="field-error">
          {t('conferences.agree.needsAnswer')}
        </p>
      ) : null}
      <Button type="submit">{t('conferences.agree.send')}</Button>
      {agreement.error ? <ProblemMessage error={agreement.error} /> : null}
    </form>
  );
}

function MinutesForm({
  caseId,
  conference,
  onDone,
}: {
  caseId: string;
  conference: Conference;
  onDone: (m: string) => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const minutes = useConferenceMinutes(caseId);
  const agencyName = useAgencyName();
  const agencies = [...new Set([user?.agencyId ?? '', ...conference.invitedAgencyIds].filter(Boolean))];
  const [at, setAt] = useState('');
  const [attendees, setAttendees] = useState<Record<string, string>>({});
  const [shared, setShared] = useState<string[]>(['case_admin']);
  const [decisions, setDecisions] = useState('');
  const [incomplete, setIncomplete] = useState(false);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const list = agencies
      .map((agencyId) => ({
        agencyId,
        userIds: (attendees[agencyId] ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      }))
      .filter((a) => a.userIds.length > 0);
    const lines = decisions
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!at || list.length === 0 || lines.length === 0) return setIncomplete(true);
    setIncomplete(false);
    minutes.mutate(
      {
        conferenceId: conference.id,
        heldAt: localToInstant(at),
        attendees: list,
        sharedCategories: shared as Schema<'ConferenceMinutesDto'>['sharedCategories'],
        decisions: lines,
      },
      { onSuccess: () => onDone(t('conferences.minutes.done')) },
    );
  };
  return (
    <form onSubmit={submit} noValidate className="plan-form" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{t('conferences.minutes.heading')}</h4>
      <div className="field">
        <label htmlFor={`${id}-at`}>{t('conferences.minutes.heldAt')}</label>
        <input id={`${id}-at`} type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
      </div>
      {agencies.map((agencyId) => (
        <div className="field" key={agencyId}>
          <label htmlFor={`${id}-${agencyId}`}>
            {t('conferences.minutes.attendeesOf', { agency: agencyName(agencyId) })}
          </label>
          <input
            id={`${id}-${agencyId}`}
            value={attendees[agencyId] ?? ''}
            onChange={(e) => setAttendees((all) => ({ ...all, [agencyId]: e.target.value }))}
          />
        </div>
      ))}
      <fieldset>
        <legend>{t('conferences.minutes.shared')}</legend>
        {SHAREABLE.map((category) => (
          <label key={category} className="choice">
            <input
              type="checkbox"
              checked={shared.includes(category)}
              onChange={(e) =>
                setShared((all) => (e.target.checked ? [...all, category] : all.filter((c) => c !== category)))
              }
            />
            {t(`category.${category}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-decisions`}>{t('conferences.minutes.decisions')}</label>
        <textarea id={`${id}-decisions`} rows={3} value={decisions} onChange={(e) => setDecisions(e.target.value)} />
      </div>
      {incomplete ? (
        <p role="alert" className="field-error">
          {t('conferences.minutes.incomplete')}
        </p>
      ) : null}
      <Button type="submit">{t('conferences.minutes.send')}</Button>
      {minutes.error ? <ProblemMessage error={minutes.error} /> : null}
    </form>
  );
}
