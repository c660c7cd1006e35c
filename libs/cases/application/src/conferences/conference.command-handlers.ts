import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Directory } from '@fallverbund/identity';
import { DomainError } from '@fallverbund/kernel';
import { randomUUID } from 'node:crypto';
import { authorizeOnState } from '../cases/case-access';
import { CaseRepository } from '../cases/case-repository';
import { authorizeTexts } from '../cases/free-text';
import { commandContext } from '../cases/request-context';
import {
  RecordConferenceAgreementCommand,
  RecordConferenceMinutesCommand,
  ScheduleConferenceCommand,
} from './conference.commands';

export class UnknownConferenceAgencyError extends DomainError {
  readonly code = 'CONFERENCE.UNKNOWN_AGENCY';
  readonly kind = 'invalid';
  constructor(readonly ids: readonly string[]) {
    super(`no agency ${ids.join(', ')} in the directory`);
  }
}

const ifMatch = (version: number | undefined) => (version !== undefined ? { expectedVersion: version } : {});

/** Convening, the participant's agreement and the minutes: `record case_admin`, by the lead agency. */
@CommandHandler(ScheduleConferenceCommand)
export class ScheduleConferenceHandler implements ICommandHandler<ScheduleConferenceCommand> {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(Directory) private readonly directory: Directory,
  ) {}

  async execute({ caseId, conference, context }: ScheduleConferenceCommand): Promise<{ id: string; version: number }> {
    const conferenceId = randomUUID();
    const result = await this.cases.handle(
      caseId,
      {
        type: 'ScheduleConference',
        data: { caseId, conferenceId, ...conference },
        metadata: commandContext(context),
      },
      context,
      {
        audit: { action: 'schedule_conference', route: 'POST /api/cases/{id}/conferences', category: 'case_admin' },
        authorize: (state) => {
          authorizeTexts(state, caseId, context, 'case_admin', [conference.topicCategory], { leadAgencyOnly: true });
          const unknown = conference.invitedAgencyIds.filter((id) => !this.directory.agency(id));
          if (unknown.length > 0) throw new UnknownConferenceAgencyError(unknown);
        },
      },
    );
    return { id: conferenceId, version: result.version };
  }
}

@CommandHandler(RecordConferenceAgreementCommand)
export class RecordConferenceAgreementHandler implements ICommandHandler<RecordConferenceAgreementCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({
    caseId,
    conferenceId,
    agreed,
    form,
    context,
    ifMatch: version,
  }: RecordConferenceAgreementCommand): Promise<{ version: number }> {
    const result = await this.cases.handle(
      caseId,
      {
        type: 'RecordConferenceAgreement',
        data: { caseId, conferenceId, agreed, form },
        metadata: commandContext(context),
      },
      context,
      {
        audit: {
          action: 'agree_to_conference',
          route: 'POST /api/cases/{id}/conferences/{conferenceId}/agreement',
          category: 'case_admin',
        },
        ...ifMatch(version),
        authorize: (state) => authorizeOnState(state, caseId, context, 'case_admin', { leadAgencyOnly: true }),
      },
    );
    return { version: result.version };
  }
}

@CommandHandler(RecordConferenceMinutesCommand)
export class RecordConferenceMinutesHandler implements ICommandHandler<RecordConferenceMinutesCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({
    caseId,
    conferenceId,
    minutes,
    context,
    ifMatch: version,
  }: RecordConferenceMinutesCommand): Promise<{ version: number }> {
    const result = await this.cases.handle(
      caseId,
      {
        type: 'RecordConferenceHeld',
        data: { caseId, conferenceId, ...minutes },
        metadata: commandContext(context),
      },
      context,
      {
        audit: {
          action: 'record_minutes',
          route: 'POST /api/cases/{id}/conferences/{conferenceId}/minutes',
          category: 'case_admin',
        },
        ...ifMatch(version),
        authorize: (state) =>
          authorizeTexts(state, caseId, context, 'case_admin', minutes.decisionCategories ?? [], {
            leadAgencyOnly: true,
          }),
      },
    );
    return { version: result.version };
  }
}

export const CONFERENCE_COMMAND_HANDLERS = [
  ScheduleConferenceHandler,
  RecordConferenceAgreementHandler,
  RecordConferenceMinutesHandler,
];
