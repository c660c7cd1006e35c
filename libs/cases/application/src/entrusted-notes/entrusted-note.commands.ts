import { Command } from '@nestjs/cqrs';
import { type RequestContext } from '../cases/request-context';

/** Records what a person entrusted to the youth-office caseworker making the request (§ 65 SGB VIII). */
export class RecordEntrustedNoteCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly caseId: string,
    readonly text: string,
    readonly entrustedBy: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
