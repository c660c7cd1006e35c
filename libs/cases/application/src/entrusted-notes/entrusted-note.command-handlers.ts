import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { mayRecordEntrustedNote } from '@fallverbund/access-policy';
import { CaseNotFoundError, NotAnEntrustedCaseworkerError } from '@fallverbund/cases-domain';
import { randomUUID } from 'node:crypto';
import { accessFor, assertMay, factsFromState } from '../cases/case-access';
import { CaseRepository } from '../cases/case-repository';
import { commandContext } from '../cases/request-context';
import { RecordEntrustedNoteCommand } from './entrusted-note.commands';

/** `record youth_welfare` on the case, and the actor a caseworker of a youth office (the policy decides both). */
@CommandHandler(RecordEntrustedNoteCommand)
export class RecordEntrustedNoteHandler implements ICommandHandler<RecordEntrustedNoteCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({
    caseId,
    text,
    entrustedBy,
    context,
  }: RecordEntrustedNoteCommand): Promise<{ id: string; version: number }> {
    const noteId = randomUUID();
    const result = await this.cases.handle(
      caseId,
      {
        type: 'RecordEntrustedNote',
        data: { caseId, noteId, text, entrustedBy },
        metadata: commandContext(context),
      },
      context,
      {
        audit: {
          action: 'record_entrusted_note',
          route: 'POST /api/cases/{id}/entrusted-notes',
          category: 'youth_welfare',
        },
        authorize: (state) => {
          if (state.status === 'none') throw new CaseNotFoundError(caseId);
          assertMay(accessFor(context, factsFromState(state)), caseId, 'youth_welfare', 'record');
          if (!mayRecordEntrustedNote(context.actor)) throw new NotAnEntrustedCaseworkerError();
        },
      },
    );
    return { id: noteId, version: result.version };
  }
}

export const ENTRUSTED_NOTE_COMMAND_HANDLERS = [RecordEntrustedNoteHandler];
