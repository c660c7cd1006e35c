import { Command } from '@nestjs/cqrs';
import { type RecordConferenceHeld, type ScheduleConference } from '@fallverbund/cases-domain';
import { type RequestContext } from '../cases/request-context';

export type ConferencePlan = Omit<ScheduleConference['data'], 'caseId' | 'conferenceId'>;

export class ScheduleConferenceCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly caseId: string,
    readonly conference: ConferencePlan,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class RecordConferenceAgreementCommand extends Command<{ version: number }> {
  constructor(
    readonly caseId: string,
    readonly conferenceId: string,
    readonly agreed: boolean,
    readonly form: string,
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

export type ConferenceMinutes = Omit<RecordConferenceHeld['data'], 'caseId' | 'conferenceId'>;

export class RecordConferenceMinutesCommand extends Command<{ version: number }> {
  constructor(
    readonly caseId: string,
    readonly conferenceId: string,
    readonly minutes: ConferenceMinutes,
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}
