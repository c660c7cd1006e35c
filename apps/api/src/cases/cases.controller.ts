import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  AddTeamMemberCommand,
  type CaseListItem,
  type CaseView,
  GetCaseQuery,
  GetCaseTimelineQuery,
  ListMyCasesQuery,
  OpenCaseCommand,
  type RequestContext,
  type TimelineEntryView,
} from '@fallverbund/cases-application';
import { ApiPurposeHeader, etagFor, IfMatch } from '@fallverbund/http';
import { type Response } from 'express';
import { Context } from '../app/request-context.decorator';
import { AddTeamMemberDto, CaseIdParams, CreatedDto, ListQueryDto, OpenCaseDto } from './cases.dto';

@ApiTags('cases')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api/cases')
export class CasesController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedDto, description: 'The case is open; the caller leads it and is on its team.' })
  async open(
    @Body() body: OpenCaseDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedDto> {
    const { id, version } = await this.commands.execute(new OpenCaseCommand(body.participant, context));
    res.setHeader('ETag', etagFor(version)).setHeader('Location', `/api/cases/${id}`);
    return { id };
  }

  @Get()
  @ApiOkResponse({ description: 'The cases the caller works on, newest first.' })
  list(
    @Query() query: ListQueryDto,
    @Context() context: RequestContext,
  ): Promise<{ items: CaseListItem[]; nextOffset: number | null }> {
    return this.queries.execute(new ListMyCasesQuery(context, query.limit ?? 50, query.offset ?? 0));
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The case; its ETag is the case version, for If-Match on writes.' })
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
  @ApiOkResponse({ description: 'What happened in the case, without content.' })
  timeline(@Param() { id }: CaseIdParams, @Context() context: RequestContext): Promise<{ items: TimelineEntryView[] }> {
    return this.queries.execute(new GetCaseTimelineQuery(id, context));
  }

  @Post(':id/team-members')
  @HttpCode(201)
  @ApiCreatedResponse({
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
}
