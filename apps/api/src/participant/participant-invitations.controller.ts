import { Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type RequestContext } from '@fallverbund/cases-application';
import { ApiProblems, ApiPurposeHeader } from '@fallverbund/http';
import { Context } from '../app/request-context.decorator';
import { CaseIdParams } from '../cases/cases.dto';
import { InvitationIssuedDto } from './participant.dto';
import { ParticipantService } from './participant.service';

/** Staff side of the participant's sign-in: the case team hands the person a one-time code. */
@ApiTags('participant')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api/cases')
export class ParticipantInvitationsController {
  constructor(@Inject(ParticipantService) private readonly participants: ParticipantService) {}

  @Post(':id/participant-invitations')
  @ApiOperation({ summary: 'Issue a one-time invitation code for the person the case is about' })
  @ApiProblems({
    403: 'ACCESS.DENIED: only a caseworker on the case team, under a purpose that lets them work the case.',
    404: 'CASE.NOT_FOUND.',
  })
  @ApiCreatedResponse({
    type: InvitationIssuedDto,
    description: 'The code is shown only here and kept only as a hash; it can be redeemed once, for 14 days.',
  })
  issue(@Param() { id }: CaseIdParams, @Context() context: RequestContext): Promise<InvitationIssuedDto> {
    return this.participants.issueInvitation(context, id);
  }
}
