import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  AddTeamMemberCommand,
  CloseCaseCommand,
  type ContactView,
  CorrectContactCommand,
  ListContactsQuery,
  RecordContactCommand,
  ReopenCaseCommand,
  StartAftercareCommand,
  DeclareChildProtectionAccessCommand,
  GrantConsentCommand,
  ListConsentsQuery,
  RecordHealthNoteCommand,
  WithdrawConsentCommand,
  type CaseListItem,
  type CaseView,
  GetCaseQuery,
  GetCaseTimelineQuery,
  ListMyCasesQuery,
  OpenCaseCommand,
  type RequestContext,
  type CaseTimelineView,
} from '@fallverbund/cases-application';
import { ApiProblems, ApiPurposeHeader, ErasedDto, etagFor, IfMatch } from '@fallverbund/http';
import { type Response } from 'express';
import { Context } from '../app/request-context.decorator';
import {
  AddTeamMemberDto,
  CaseIdParams,
  ChildProtectionDeclarationDto,
  CloseCaseDto,
  ConsentParams,
  ContactParams,
  CorrectContactDto,
  RecordContactDto,
  ReopenCaseDto,
  StartAftercareDto,
  CreatedDto,
  GrantConsentDto,
  HealthNoteDto,
  CaseListPageDto,
  ListCasesQueryDto,
  OpenCaseDto,
} from './cases.dto';
import {
  CaseTimelineDto,
  CaseViewDto,
  ChildProtectionDeclaredDto,
  ConsentListDto,
  ContactListDto,
  ParticipantViewDto,
  VersionDto,
} from './cases.responses';

@ApiTags('cases')
@ApiBearerAuth()
@ApiPurposeHeader()
@ApiExtraModels(ParticipantViewDto, ErasedDto)
@Controller('api/cases')
export class CasesController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Open a case' })
  @ApiCreatedResponse({ type: CreatedDto, description: 'The case is open; the caller leads it and is on its team.' })
  async open(
    @Body() body: OpenCaseDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedDto> {
    const { id, version } = await this.commands.execute(
      new OpenCaseCommand(body.participant, context, body.firstContactAt),
    );
    res.setHeader('ETag', etagFor(version)).setHeader('Location', `/api/cases/${id}`);
    return { id };
  }

  @Get()
  @ApiOperation({ summary: 'List the cases the caller may see, or search them by name and birth date' })
  @ApiProblems({
    400: 'REQUEST.VALIDATION: a bad filter (q empty, longer than 100 characters or of more than 6 words; birthDate not YYYY-MM-DD; limit or offset out of bounds).',
  })
  @ApiOkResponse({
    type: CaseListPageDto,
    description:
      'Every case the caller may read identity or case_admin of under the declared purpose, newest first, each with the rule and legal basis it is visible under.',
  })
  list(
    @Query() query: ListCasesQueryDto,
    @Context() context: RequestContext,
  ): Promise<{ items: CaseListItem[]; nextOffset: number | null }> {
    return this.queries.execute(
      new ListMyCasesQuery(context, query.limit ?? 50, query.offset ?? 0, {
        scope: query.scope,
        status: query.status,
        q: query.q,
        birthDate: query.birthDate,
      }),
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a case' })
  @ApiProblems({ 404: 'CASE.NOT_FOUND: no such case, or none the caller may see (the same answer).' })
  @ApiOkResponse({ type: CaseViewDto, description: 'The case; its ETag is the case version, for If-Match on writes.' })
  async get(
    @Param() { id }: CaseIdParams,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    const view = await this.queries.execute(new GetCaseQuery(id, context));
    res.setHeader('ETag', etagFor(view.version));
    return view;
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: 'Read the timeline of a case' })
  @ApiOkResponse({
    type: CaseTimelineDto,
    description:
      'What happened in the case, without content: the entries whose categories (event type, partner, consent, acting agency) the reader may read; `withheldEntries` counts the others.',
  })
  timeline(@Param() { id }: CaseIdParams, @Context() context: RequestContext): Promise<CaseTimelineView> {
    return this.queries.execute(new GetCaseTimelineQuery(id, context));
  }

  @Post(':id/team-members')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a member to the case team' })
  @ApiProblems({ 409: 'CASE.ALREADY_TEAM_MEMBER, CASE.CLOSED or STREAM.CONCURRENT_CHANGE.' })
  @ApiCreatedResponse({
    type: VersionDto,
    description: 'The user is on the case team. Send If-Match with the ETag you saw to avoid lost updates.',
  })
  async addTeamMember(
    @Param() { id }: CaseIdParams,
    @Body() body: AddTeamMemberDto,
    @IfMatch() ifMatch: number | undefined,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ version: number }> {
    const result = await this.commands.execute(new AddTeamMemberCommand(id, body.userId, context, ifMatch));
    res.setHeader('ETag', etagFor(result.version));
    return result;
  }

  @Get(':id/consents')
  @ApiOperation({ summary: 'List the consents of a case' })
  @ApiOkResponse({
    type: ConsentListDto,
    description:
      'The consents of the case, active or not: in full where the reader may read every category a consent reveals (its categories and what its recipients reveal), reduced (`reduced: true`: id, form, dates, state) for the lead agency, omitted otherwise.',
  })
  consents(@Param() { id }: CaseIdParams, @Context() context: RequestContext) {
    return this.queries.execute(new ListConsentsQuery(id, context));
  }

  @Post(':id/consents')
  @ApiOperation({ summary: 'Record a consent' })
  @ApiCreatedResponse({
    type: CreatedDto,
    description: 'Recorded by the lead agency; takes effect with the next request.',
  })
  async grantConsent(
    @Param() { id }: CaseIdParams,
    @Body() body: GrantConsentDto,
    @IfMatch() ifMatch: number | undefined,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedDto> {
    const terms = {
      purposes: body.purposes,
      dataCategories: body.dataCategories,
      recipientAgencyIds: body.recipientAgencyIds,
      recipientUserIds: body.recipientUserIds ?? [],
      validUntil: body.validUntil ?? null,
      form: body.form,
      grantedBy: body.grantedBy,
      evidenceRef: body.evidenceRef ?? null,
    };
    const result = await this.commands.execute(new GrantConsentCommand(id, terms, context, ifMatch));
    res.setHeader('ETag', etagFor(result.version));
    return { id: result.id };
  }

  @Post(':id/consents/:consentId/withdrawal')
  @HttpCode(201)
  @ApiOperation({ summary: 'Withdraw a consent' })
  @ApiProblems({
    404: 'CASE.NOT_FOUND or CONSENT.NOT_FOUND.',
    409: 'CONSENT.NOT_ACTIVE (withdrawn or expired already) or STREAM.CONCURRENT_CHANGE.',
  })
  @ApiCreatedResponse({
    type: VersionDto,
    description: 'Withdrawn from this moment on, for every request that follows.',
  })
  async withdrawConsent(
    @Param() { id, consentId }: ConsentParams,
    @IfMatch() ifMatch: number | undefined,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ version: number }> {
    const result = await this.commands.execute(new WithdrawConsentCommand(id, consentId, context, ifMatch));
    res.setHeader('ETag', etagFor(result.version));
    return result;
  }

  @Post(':id/health-notes')
  @ApiOperation({ summary: 'Record a health note' })
  @ApiCreatedResponse({ type: CreatedDto, description: 'Category health: needs a purpose that requires it.' })
  async recordHealthNote(
    @Param() { id }: CaseIdParams,
    @Body() body: HealthNoteDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedDto> {
    const result = await this.commands.execute(new RecordHealthNoteCommand(id, body.text, context));
    res.setHeader('ETag', etagFor(result.version));
    return { id: result.id };
  }

  @Post(':id/child-protection-declarations')
  @ApiOperation({ summary: 'Declare child-protection access (§ 8a SGB VIII)' })
  @ApiCreatedResponse({
    type: ChildProtectionDeclaredDto,
    description: '§ 8a SGB VIII: access without consent for 72 hours, flagged and listed for the DPO.',
  })
  async declareChildProtection(
    @Param() { id }: CaseIdParams,
    @Body() body: ChildProtectionDeclarationDto,
    @Context() context: RequestContext,
  ): Promise<{ id: string; expiresAt: string }> {
    const result = await this.commands.execute(
      new DeclareChildProtectionAccessCommand(id, body.justification, context),
    );
    return { id: result.id, expiresAt: result.expiresAt };
  }

  @Get(':id/contacts')
  @ApiOperation({ summary: 'List the contacts of a case' })
  @ApiOkResponse({
    type: ContactListDto,
    description:
      'Category contacts: each contact in its current version, newest first, with the original and every correction. Summaries and reasons only of data categories the reader may read (with `summaryCategory`, `reasonCategory`), the others left out and counted in `withheldTexts`.',
  })
  contacts(@Param() { id }: CaseIdParams, @Context() context: RequestContext): Promise<{ items: ContactView[] }> {
    return this.queries.execute(new ListContactsQuery(id, context));
  }

  @Post(':id/contacts')
  @ApiOperation({ summary: 'Record a contact' })
  @ApiProblems({ 409: 'CASE.CLOSED or STREAM.CONCURRENT_CHANGE.' })
  @ApiCreatedResponse({
    type: CreatedDto,
    description:
      'Category contacts. `participants` are roles, never names; `summary` is personal data (sealed, erased with the participant key). Refused on a closed case (409 CASE.CLOSED).',
  })
  async recordContact(
    @Param() { id }: CaseIdParams,
    @Body() body: RecordContactDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedDto> {
    const result = await this.commands.execute(
      new RecordContactCommand(
        id,
        {
          kind: body.kind,
          occurredAt: body.occurredAt,
          durationMinutes: body.durationMinutes,
          participants: body.participants ?? [],
          summary: body.summary ?? null,
          ...(body.summaryCategory ? { summaryCategory: body.summaryCategory } : {}),
        },
        context,
      ),
    );
    res.setHeader('ETag', etagFor(result.version));
    return { id: result.id };
  }

  @Post(':id/contacts/:contactId/corrections')
  @ApiOperation({ summary: 'Correct a contact' })
  @ApiProblems({ 404: 'CASE.NOT_FOUND or CONTACT.NOT_FOUND.' })
  @ApiCreatedResponse({
    type: CreatedDto,
    description: 'A correction with a reason: a new event that references the contact; the original stays readable.',
  })
  async correctContact(
    @Param() { id, contactId }: ContactParams,
    @Body() body: CorrectContactDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedDto> {
    const { reason, summary, summaryCategory, reasonCategory, ...changes } = body;
    const result = await this.commands.execute(
      new CorrectContactCommand(
        id,
        contactId,
        {
          changes,
          ...(summary === undefined ? {} : { summary }),
          ...(summaryCategory ? { summaryCategory } : {}),
          reason,
          ...(reasonCategory ? { reasonCategory } : {}),
        },
        context,
      ),
    );
    res.setHeader('ETag', etagFor(result.version));
    return { id: result.id };
  }

  @Post(':id/aftercare')
  @HttpCode(201)
  @ApiOperation({ summary: 'Move a case to aftercare' })
  @ApiProblems({ 409: 'CASE.ILLEGAL_TRANSITION or STREAM.CONCURRENT_CHANGE.' })
  @ApiCreatedResponse({
    type: VersionDto,
    description: 'An active case moves to aftercare with its follow-up schedule (409 otherwise).',
  })
  async startAftercare(
    @Param() { id }: CaseIdParams,
    @Body() body: StartAftercareDto,
    @IfMatch() ifMatch: number | undefined,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ version: number }> {
    const result = await this.commands.execute(new StartAftercareCommand(id, body.followUps, context, ifMatch));
    res.setHeader('ETag', etagFor(result.version));
    return result;
  }

  @Post(':id/closure')
  @HttpCode(201)
  @ApiOperation({ summary: 'Close a case' })
  @ApiProblems({ 409: 'CASE.ILLEGAL_TRANSITION or STREAM.CONCURRENT_CHANGE.' })
  @ApiCreatedResponse({
    type: VersionDto,
    description: 'An active case or one in aftercare is closed with an exit reason (409 otherwise).',
  })
  async close(
    @Param() { id }: CaseIdParams,
    @Body() body: CloseCaseDto,
    @IfMatch() ifMatch: number | undefined,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ version: number }> {
    const result = await this.commands.execute(new CloseCaseCommand(id, body.exitReason, context, ifMatch));
    res.setHeader('ETag', etagFor(result.version));
    return result;
  }

  @Post(':id/reopening')
  @HttpCode(201)
  @ApiOperation({ summary: 'Reopen a closed case' })
  @ApiProblems({ 409: 'CASE.ILLEGAL_TRANSITION or STREAM.CONCURRENT_CHANGE.' })
  @ApiCreatedResponse({ type: VersionDto, description: 'A closed case is active again (409 otherwise).' })
  async reopen(
    @Param() { id }: CaseIdParams,
    @Body() body: ReopenCaseDto,
    @IfMatch() ifMatch: number | undefined,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ version: number }> {
    const result = await this.commands.execute(new ReopenCaseCommand(id, body.reason, context, ifMatch));
    res.setHeader('ETag', etagFor(result.version));
    return result;
  }
}
