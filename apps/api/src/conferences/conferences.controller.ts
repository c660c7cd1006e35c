import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  type ConferenceView,
  type ConferenceInvitationView,
  GetInvitedConferenceQuery,
  type InvitedConferenceView,
  ListConferenceInvitationsQuery,
  ListConferencesQuery,
  RecordConferenceAgreementCommand,
  RecordConferenceMinutesCommand,
  type RequestContext,
  ScheduleConferenceCommand,
} from '@fallverbund/cases-application';
import { conferencePseudonym } from '@fallverbund/cases-domain';
import { ApiProblems, ApiPurposeHeader, ErasedDto, etagFor, IfMatch } from '@fallverbund/http';
import { type Response } from 'express';
import { Context } from '../app/request-context.decorator';
import { EmptyDto } from '../cases/cases.responses';
import { ConferenceListDto, InvitedConferenceViewDto } from './conferences.responses';
import { CaseIdParams, ListQueryDto } from '../cases/cases.dto';
import { ConferenceInvitationsDto, InviteeParticipantNameDto } from './conference-invitations.dto';
import {
  ConferenceAgreementDto,
  ConferenceCreatedDto,
  ConferenceMinutesDto,
  ConferenceParams,
  InvitedConferenceParams,
  ScheduleConferenceDto,
} from './conferences.dto';

/**
 * Case conferences of a case (category `case_admin`): the lead agency convenes them, records the
 * participant's agreement and the minutes; the case team reads them in full.
 */
@ApiTags('conferences')
@ApiBearerAuth()
@ApiPurposeHeader()
@ApiExtraModels(ErasedDto)
@Controller('api/cases')
export class CaseConferencesController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Post(':id/conferences')
  @ApiOperation({ summary: 'Convene a case conference' })
  @ApiCreatedResponse({
    type: ConferenceCreatedDto,
    description:
      'Convened by the lead agency; invited agencies must be in the directory (400 CONFERENCE.UNKNOWN_AGENCY).',
  })
  async schedule(
    @Param() { id }: CaseIdParams,
    @Body() body: ScheduleConferenceDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConferenceCreatedDto> {
    const result = await this.commands.execute(
      new ScheduleConferenceCommand(
        id,
        {
          topic: body.topic,
          ...(body.topicCategory ? { topicCategory: body.topicCategory } : {}),
          invitedAgencyIds: body.invitedAgencyIds,
          plannedFor: body.plannedFor,
        },
        context,
      ),
    );
    res.setHeader('ETag', etagFor(result.version));
    return { id: result.id, pseudonym: conferencePseudonym(result.id) };
  }

  @Get(':id/conferences')
  @ApiOperation({ summary: 'List the conferences of a case' })
  @ApiOkResponse({
    type: ConferenceListDto,
    description:
      'Every conference of the case, with topic, agreement, attendees and decisions: the topic and decisions only of data categories the reader may read (with `topicCategory`, `decisionCategories`), the others counted in `withheldTexts`.',
  })
  list(@Param() { id }: CaseIdParams, @Context() context: RequestContext): Promise<{ items: ConferenceView[] }> {
    return this.queries.execute(new ListConferencesQuery(id, context));
  }

  @Post(':id/conferences/:conferenceId/agreement')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record the participant’s answer to a conference' })
  @ApiProblems({ 404: 'CASE.NOT_FOUND or CONFERENCE.NOT_FOUND.' })
  @ApiCreatedResponse({
    type: EmptyDto,
    description:
      'The participant’s answer, until the conference is held. Without agreement every other agency sees only the pseudonym.',
  })
  async agreement(
    @Param() { id, conferenceId }: ConferenceParams,
    @Body() body: ConferenceAgreementDto,
    @IfMatch() ifMatch: number | undefined,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, never>> {
    const result = await this.commands.execute(
      new RecordConferenceAgreementCommand(id, conferenceId, body.agreed, body.form, context, ifMatch),
    );
    res.setHeader('ETag', etagFor(result.version));
    return {};
  }

  @Post(':id/conferences/:conferenceId/minutes')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record the minutes of a conference' })
  @ApiProblems({ 404: 'CASE.NOT_FOUND or CONFERENCE.NOT_FOUND.' })
  @ApiCreatedResponse({
    type: EmptyDto,
    description:
      'Who took part, what was shared, what was decided; once. Whether each agency saw the participant identified is decided here and recorded.',
  })
  async minutes(
    @Param() { id, conferenceId }: ConferenceParams,
    @Body() body: ConferenceMinutesDto,
    @IfMatch() ifMatch: number | undefined,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, never>> {
    const minutes = {
      heldAt: body.heldAt,
      attendees: body.attendees.map(({ agencyId, userIds }) => ({ agencyId, userIds })),
      sharedCategories: body.sharedCategories,
      decisions: body.decisions,
      ...(body.decisionCategories ? { decisionCategories: body.decisionCategories } : {}),
    };
    const result = await this.commands.execute(
      new RecordConferenceMinutesCommand(id, conferenceId, minutes, context, ifMatch),
    );
    res.setHeader('ETag', etagFor(result.version));
    return {};
  }
}

/** A conference as an invited agency sees it: no case id in the path, no team membership needed. */
@ApiTags('conferences')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api/conferences')
@ApiExtraModels(InviteeParticipantNameDto)
export class InvitedConferencesController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  // Declared before ':conferenceId', so that the path is not read as a conference id.
  @Get('invitations')
  @ApiOperation({
    summary: "The conferences the caller's agency is invited to",
    description:
      'For staff of an invited agency with purpose case_conference, latest planned first. Each as the invitee may see it: the pseudonym, and the case id and participant name only when the participant agreed and the agency leads the case or an active consent names it for case_conference and identity. Never the topic or decisions (GET /api/conferences/{conferenceId}). Recorded like a list: one entry per case named.',
  })
  @ApiOkResponse({ type: ConferenceInvitationsDto })
  @ApiBadRequestResponse({
    description: 'REQUEST.VALIDATION: limit or offset out of bounds; a missing or unknown X-Purpose.',
  })
  @ApiUnauthorizedResponse({ description: 'No or a bad bearer token.' })
  @ApiForbiddenResponse({
    description: 'ACCESS.DENIED: a data protection officer, or a purpose other than case_conference (recorded).',
  })
  invitations(
    @Query() query: ListQueryDto,
    @Context() context: RequestContext,
  ): Promise<{ items: ConferenceInvitationView[]; nextOffset: number | null }> {
    return this.queries.execute(new ListConferenceInvitationsQuery(context, query.limit ?? 50, query.offset ?? 0));
  }

  @Get(':conferenceId')
  @ApiOperation({ summary: 'Read a conference the agency is invited to' })
  @ApiProblems({ 404: 'CONFERENCE.NOT_FOUND: no such conference, or the agency is not invited.' })
  @ApiOkResponse({
    type: InvitedConferenceViewDto,
    description:
      'For staff of an invited agency with purpose case_conference. The participant appears by name (with the case id and topic) only when they agreed and the agency leads the case or an active consent names it for case_conference and identity; otherwise only as the pseudonym. Decisions go to the agencies that took part. Topic and decisions only of data categories the invitee’s grant covers (case_admin alone when pseudonymised), the others counted in `withheldTexts`. 404 for anyone not invited.',
  })
  get(
    @Param() { conferenceId }: InvitedConferenceParams,
    @Context() context: RequestContext,
  ): Promise<InvitedConferenceView> {
    return this.queries.execute(new GetInvitedConferenceQuery(conferenceId, context));
  }
}
