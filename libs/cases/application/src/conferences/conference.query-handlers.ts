import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  agencyRevealsTo,
  conferenceTextReader,
  decideConferenceInvitation,
  mayDisclose,
  readableOf,
  partitionTexts,
  type TextAccess,
} from '@fallverbund/access-policy';
import {
  conferenceDecisionCategories,
  ConferenceNotFoundError,
  type ParticipantIdentity,
} from '@fallverbund/cases-domain';
import { PersonalDataVault } from '@fallverbund/event-store';
import { type DataCategory, ERASED, type Erased, isDataCategory } from '@fallverbund/kernel';
import { AgencyProfiles } from '../disclosure/agency-profiles';
import { DataSource, Like } from 'typeorm';
import { AuditTrail, auditEntry, listEntries, refuseWithoutCase } from '../audit/audit-trail';
import { findIn } from '../projections/find-in';
import { AccessDeniedError } from '../cases/case-access';
import { CaseSummary } from '../cases/case-read-model.entities';
import { auditedCase } from '../cases/case.query-handlers';
import { ConferenceRow } from './conference-read-model.entities';
import {
  type ConferenceInvitationView,
  type ConferenceView,
  GetInvitedConferenceQuery,
  type InvitedConferenceView,
  ListConferenceInvitationsQuery,
  ListConferencesQuery,
} from './conference.queries';

const opened = <T>(values: Record<string, unknown> | null | undefined, field: string): T | Erased =>
  values ? (values[field] as T) : ERASED;

type Opened = Record<string, unknown> | null | undefined;

/**
 * The topic and the decisions one reader gets (issue 11): only texts of categories it may read, each
 * with its category; the others are left out and counted, their categories unnamed. `show` says which
 * texts the view carries at all (the invitee's view: the topic only when identified, the decisions only
 * to an agency that took part); a text the view does not carry is neither shown nor counted.
 */
const conferenceTexts = (
  row: ConferenceRow,
  sealed: { topic: Opened; decisions: Opened },
  access: TextAccess,
  show: { topic: boolean; decisions: boolean },
) => {
  const topicCategory = row.topicCategory ?? 'case_admin';
  const topic = show.topic ? partitionTexts(access, [{ category: topicCategory }]) : { readable: [], withheld: 0 };
  // A decision of an erased category (issue 17) is an erased item in its place.
  const decisions = opened<(string | Erased)[]>(sealed.decisions, 'decisions');
  const listed = Array.isArray(decisions)
    ? (() => {
        const categories = conferenceDecisionCategories({
          decisions,
          decisionCategories: row.decisionCategories ?? undefined,
        });
        return partitionTexts(
          access,
          decisions.map((text, i) => ({ text, category: categories[i] ?? 'case_admin' })),
        );
      })()
    : null;
  const withheld = topic.withheld + (show.decisions && listed ? listed.withheld : 0);
  return {
    topic: topic.readable.length > 0 ? { topic: opened<string>(sealed.topic, 'topic'), topicCategory } : {},
    decisions: listed
      ? { decisions: listed.readable.map((d) => d.text), decisionCategories: listed.readable.map((d) => d.category) }
      : { decisions: ERASED, decisionCategories: [] },
    withheldTexts: withheld,
  };
};

@QueryHandler(ListConferencesQuery)
export class ListConferencesHandler implements IQueryHandler<ListConferencesQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(AgencyProfiles) private readonly profiles: AgencyProfiles,
  ) {}

  async execute({ caseId, context }: ListConferencesQuery): Promise<{ items: ConferenceView[] }> {
    const items = await auditedCase(
      this.dataSource,
      this.trail,
      caseId,
      context,
      'case_admin',
      { action: 'read', route: 'GET /api/cases/{id}/conferences' },
      async (_summary, access) => {
        const rows = await this.dataSource
          .getRepository(ConferenceRow)
          .find({ where: { caseId }, order: { plannedFor: 'ASC', conferenceId: 'ASC' } });
        const [topics, decisions] = await Promise.all([
          this.vault.open(rows.map((r) => r.topicSealed)),
          this.vault.open(rows.map((r) => r.decisionsSealed)),
        ]);
        // An addiction service or a psychotherapist's practice among the invitees is data of that category.
        const shown = (agencyId: string): boolean =>
          mayDisclose(access, agencyRevealsTo(context.actor, this.profiles.of(agencyId)));
        return rows.map((r, i): ConferenceView => {
          const texts = conferenceTexts(r, { topic: topics[i], decisions: decisions[i] }, access, {
            topic: true,
            decisions: r.heldAt !== null,
          });
          return {
            id: r.conferenceId,
            pseudonym: r.pseudonym,
            ...texts.topic,
            invitedAgencyIds: r.invitedAgencyIds.filter(shown),
            plannedFor: r.plannedFor,
            scheduledBy: r.scheduledBy,
            scheduledAt: r.scheduledAt,
            agreement:
              r.agreed === null
                ? null
                : {
                    agreed: r.agreed,
                    form: r.agreementForm ?? '',
                    recordedBy: r.agreementRecordedBy ?? '',
                    recordedAt: r.agreementRecordedAt ?? '',
                  },
            held: r.heldAt !== null,
            heldAt: r.heldAt,
            attendees: (r.attendees ?? []).filter((a) => shown(a.agencyId)),
            sharedCategories: readableOf(access, (r.sharedCategories ?? []).filter(isDataCategory)),
            ...(r.heldAt === null ? { decisions: [], decisionCategories: [] } : texts.decisions),
            minutesRecordedBy: r.minutesRecordedBy,
            minutesRecordedAt: r.minutesRecordedAt,
            withheldTexts: texts.withheldTexts,
            withheldAgencies:
              r.invitedAgencyIds.filter((id) => !shown(id)).length +
              (r.attendees ?? []).filter((a) => !shown(a.agencyId) && !r.invitedAgencyIds.includes(a.agencyId)).length,
          };
        });
      },
    );
    return { items };
  }
}

const ROUTE = 'GET /api/conferences/{conferenceId}';

/**
 * The invitee's view. Who may see it is decided on the conference row (invited agencies), the role
 * (never a data protection officer) and the purpose (case_conference); whether the participant appears
 * by name is decided now, on the participant's agreement and the case's current consents, so a
 * withdrawal takes effect at once even for a conference held under it.
 */
@QueryHandler(GetInvitedConferenceQuery)
export class GetInvitedConferenceHandler implements IQueryHandler<GetInvitedConferenceQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
  ) {}

  async execute({ conferenceId, context }: GetInvitedConferenceQuery): Promise<InvitedConferenceView> {
    const { actor, purpose, now } = context;
    const row = await this.dataSource.getRepository(ConferenceRow).findOneBy({ conferenceId });
    const summary = row ? await this.dataSource.getRepository(CaseSummary).findOneBy({ caseId: row.caseId }) : null;
    const refuse = async (outcome: 403 | 404, error: Error): Promise<never> => {
      await this.trail.record([
        auditEntry(context, {
          action: 'read',
          route: ROUTE,
          caseRef: row?.caseId ?? null,
          categories: ['case_admin'],
          legalBasis: [],
          decision: 'deny',
          outcome,
        }),
      ]);
      throw error;
    };
    if (!row || !summary) return refuse(404, new ConferenceNotFoundError(conferenceId));
    const facts = {
      conferenceId,
      leadAgencyId: summary.leadAgencyId,
      invitedAgencyIds: row.invitedAgencyIds,
      agreed: row.agreed,
      consents: summary.access.consents,
    };
    const access = decideConferenceInvitation({ actor, purpose, now, facts });
    // A conference the actor's agency was not invited to does not exist for them.
    if (!access.permitted)
      return refuse(
        access.outcome,
        access.outcome === 404 ? new ConferenceNotFoundError(conferenceId) : new AccessDeniedError(access.why),
      );
    const { identified, legalBasis } = access;
    const attended = row.attendees?.some((a) => a.agencyId === actor.agencyId) ?? false;
    const reader = conferenceTextReader({ actor, now, facts, identified });
    const categories: DataCategory[] = identified ? ['case_admin', 'identity'] : ['case_admin'];
    const [participant, topic, decisions] = await this.trail.recordWhile(
      [
        auditEntry(context, {
          action: 'read',
          route: ROUTE,
          caseRef: row.caseId,
          categories,
          legalBasis: [...legalBasis],
          decision: 'permit',
          outcome: 200,
          leadAgencyId: summary.leadAgencyId,
        }),
      ],
      () =>
        this.vault.open([
          identified ? summary.participantSealed : null,
          identified ? row.topicSealed : null,
          attended ? row.decisionsSealed : null,
        ]),
    );
    const identity = participant?.['participant'] as ParticipantIdentity | undefined;
    const texts = conferenceTexts(row, { topic, decisions }, reader, { topic: identified, decisions: attended });
    return {
      id: row.conferenceId,
      identified,
      pseudonym: row.pseudonym,
      ...(identified
        ? {
            caseId: row.caseId,
            participant: identity ? { givenName: identity.givenName, familyName: identity.familyName } : ERASED,
            ...texts.topic,
          }
        : {}),
      plannedFor: row.plannedFor,
      convenedByAgencyId: summary.leadAgencyId,
      invitedAgencyIds: row.invitedAgencyIds,
      participantAgreed: row.agreed,
      held: row.heldAt !== null,
      heldAt: row.heldAt,
      attendees: (row.attendees ?? []).map(({ agencyId, userIds }) => ({ agencyId, userIds })),
      sharedCategories: row.sharedCategories ?? [],
      ...(attended ? texts.decisions : {}),
      withheldTexts: texts.withheldTexts,
    };
  }
}

const INVITATIONS = { action: 'list', route: 'GET /api/conferences/invitations' } as const;

/**
 * The invitations of the actor's agency, each decided like the invitee's view of that one conference
 * (`decideConferenceInvitation`): pseudonymised unless the participant agreed and the agency leads the
 * case or a consent names it. Recorded like a list: one entry per case named, under the invitation's basis.
 */
@QueryHandler(ListConferenceInvitationsQuery)
export class ListConferenceInvitationsHandler implements IQueryHandler<ListConferenceInvitationsQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
  ) {}

  async execute({
    context,
    limit,
    offset,
  }: ListConferenceInvitationsQuery): Promise<{ items: ConferenceInvitationView[]; nextOffset: number | null }> {
    const { actor, purpose, now } = context;
    if (actor.role === 'data_protection_officer')
      return refuseWithoutCase(
        this.trail,
        context,
        INVITATIONS,
        'data protection officers read logs, never conferences',
      );
    if (purpose !== 'case_conference')
      return refuseWithoutCase(this.trail, context, INVITATIONS, 'invitations are read for purpose case_conference');
    // The invited agencies are a JSON list: narrowed in SQL by the quoted id, decided exactly below.
    const candidates = await this.dataSource.getRepository(ConferenceRow).find({
      where: { invitedAgencyIds: Like(`%${JSON.stringify(actor.agencyId)}%`) },
      order: { plannedFor: 'DESC', conferenceId: 'ASC' },
    });
    const summaries = new Map(
      (await findIn(this.dataSource.manager, CaseSummary, 'caseId', [...new Set(candidates.map((r) => r.caseId))])).map(
        (s) => [s.caseId, s],
      ),
    );
    const invited = candidates.flatMap((row) => {
      const summary = summaries.get(row.caseId);
      if (!summary) return [];
      const access = decideConferenceInvitation({
        actor,
        purpose,
        now,
        facts: {
          conferenceId: row.conferenceId,
          leadAgencyId: summary.leadAgencyId,
          invitedAgencyIds: row.invitedAgencyIds,
          agreed: row.agreed,
          consents: summary.access.consents,
        },
      });
      return access.permitted ? [{ row, summary, access }] : [];
    });
    const page = invited.slice(offset, offset + limit);
    const byCase = new Map<string, { categories: Set<string>; legalBasis: Set<string>; leadAgencyId: string }>();
    for (const { row, summary, access } of page) {
      const listed = byCase.get(row.caseId) ?? {
        categories: new Set<string>(['case_admin']),
        legalBasis: new Set<string>(),
        leadAgencyId: summary.leadAgencyId,
      };
      if (access.identified) listed.categories.add('identity');
      access.legalBasis.forEach((b) => listed.legalBasis.add(b));
      byCase.set(row.caseId, listed);
    }
    const names = await this.trail.recordWhile(
      listEntries(
        context,
        INVITATIONS,
        [...byCase.entries()].map(([caseRef, l]) => ({
          caseRef,
          categories: [...l.categories],
          legalBasis: [...l.legalBasis],
          leadAgencyId: l.leadAgencyId,
        })),
      ),
      () => this.vault.open(page.map(({ summary, access }) => (access.identified ? summary.participantSealed : null))),
    );
    const items = page.map(({ row, summary, access }, i): ConferenceInvitationView => {
      const identity = names[i]?.['participant'] as ParticipantIdentity | undefined;
      return {
        id: row.conferenceId,
        identified: access.identified,
        pseudonym: row.pseudonym,
        ...(access.identified
          ? {
              caseId: row.caseId,
              participant: identity ? { givenName: identity.givenName, familyName: identity.familyName } : ERASED,
            }
          : {}),
        plannedFor: row.plannedFor,
        convenedByAgencyId: summary.leadAgencyId,
        invitedAgencyIds: row.invitedAgencyIds,
        participantAgreed: row.agreed,
        held: row.heldAt !== null,
        heldAt: row.heldAt,
        attendedByOwnAgency: row.attendees?.some((a) => a.agencyId === actor.agencyId) ?? false,
      };
    });
    return { items, nextOffset: invited.length > offset + limit ? offset + limit : null };
  }
}

export const CONFERENCE_QUERY_HANDLERS = [
  ListConferencesHandler,
  GetInvitedConferenceHandler,
  ListConferenceInvitationsHandler,
];
