import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  buildEntryProof,
  CheckpointSigner,
  type EntryProof,
  ErasedEntryError,
  InconsistentLogError,
} from '@fallverbund/audit-log';
import { PERSISTENCE, type Persistence, syncedLog } from '@fallverbund/cases-application';
import { ApiProblems } from '@fallverbund/http';
import { ForParticipants } from '@fallverbund/identity';
import { AccessNotFoundError, AccessTransparencyService } from '../participant-accesses/access-transparency.service';
import { participantEntry, ParticipantCases } from '../participant/participant-cases';
import { ParticipantContext, type ParticipantRequest } from '../participant/participant-context';
import { AccessProofParams } from './participant-proofs.dto';
import { EntryProofDto } from './proofs.responses';

const ROUTE = 'GET /api/me/cases/{id}/accesses/{index}/proof';

/** The stored log does not extend its own newest checkpoint: no checkpoint is signed, no proof given. */
class LogInconsistentError extends Error {
  readonly status = 500;
  readonly code = 'AUDIT.LOG_INCONSISTENT';
}

/**
 * The proof of one access the person sees in "Wer hat meine Daten gesehen?", to check in the browser
 * against the public key at GET /api/audit/checkpoint-key (docs/decisions.md, issue 14).
 */
@ApiTags('participant')
@ApiBearerAuth()
@ForParticipants()
@Controller('api/me/cases')
export class ParticipantProofsController {
  constructor(
    @Inject(ParticipantCases) private readonly cases: ParticipantCases,
    @Inject(AccessTransparencyService) private readonly transparency: AccessTransparencyService,
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
    @Inject(CheckpointSigner) private readonly signer: CheckpointSigner,
  ) {}

  @Get(':id/accesses/:index/proof')
  @ApiOperation({ summary: 'The proof of one access to my case: the entry, its path to a signed checkpoint' })
  @ApiProblems({
    400: 'REQUEST.VALIDATION: the case id or the index is malformed.',
    403: 'AUTH.PARTICIPANT_ONLY: for participants; staff read the log through the data protection officer.',
    404: 'CASE.NOT_FOUND: not a case of this account; ACCESS_ENTRY.NOT_FOUND: no access of the case the person sees now has this index.',
    500: 'AUDIT.LOG_INCONSISTENT: the stored log does not extend its newest signed checkpoint; nothing is signed.',
  })
  @ApiOkResponse({
    type: EntryProofDto,
    description:
      'The entry as recorded, its salt and digest, the RFC 6962 path to the newest checkpoint that covers it (signed now if none does) and that checkpoint.',
  })
  async proof(
    @Param() { id, index }: AccessProofParams,
    @ParticipantContext() request: ParticipantRequest,
  ): Promise<EntryProof> {
    await this.cases.assertBound(request, ROUTE, id);
    const facts = { route: ROUTE, action: 'read', caseRef: id, categories: [] };
    try {
      // The same entries the access list shows: of this case, by someone else, not held back now.
      await this.transparency.visibleAccess(id, index, request.now);
    } catch (error) {
      if (error instanceof AccessNotFoundError)
        await this.cases.record([participantEntry(request, { ...facts, decision: 'deny', outcome: 404 })]);
      throw error;
    }
    await this.cases.record([participantEntry(request, { ...facts, decision: 'permit', outcome: 200 })]);
    try {
      // Synced first, so the checkpoint signed for the proof also covers the access just recorded.
      return await buildEntryProof(await syncedLog(this.persistence.audit), this.signer, index, request.now);
    } catch (error) {
      // Erased at the end of its retention between the check and the proof: nothing left to show.
      if (error instanceof ErasedEntryError)
        throw new AccessNotFoundError(`no access ${index} in the log of this case`);
      if (error instanceof InconsistentLogError) throw new LogInconsistentError(error.message, { cause: error });
      throw error;
    }
  }
}
