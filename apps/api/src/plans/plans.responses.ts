import { ApiProperty, type ApiPropertyOptions, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ErasedDto, textOrErased } from '@fallverbund/http';
import { DATA_CATEGORIES, type DataCategory } from '@fallverbund/kernel';
import { LIFE_AREAS } from '@fallverbund/cases-domain';
import { PlanLegalStatusDto } from './plans.dto';

const category = { enum: [...DATA_CATEGORIES], description: 'The data category of the text.' };

export class PlanGoalViewDto {
  @ApiProperty({ example: 'g1' })
  goalId!: string;

  @ApiProperty({ enum: LIFE_AREAS })
  lifeArea!: string;

  @ApiProperty()
  text!: string;

  @ApiProperty(category)
  category!: DataCategory;
}

export class PlanStepTextViewDto {
  @ApiProperty({ example: 's1' })
  stepId!: string;

  @ApiProperty({ type: String, nullable: true })
  goalId!: string | null;

  @ApiProperty()
  action!: string;

  @ApiProperty({ example: 'participant' })
  responsible!: string;

  @ApiProperty({ format: 'date' })
  dueDate!: string;

  @ApiProperty(category)
  category!: DataCategory;
}

export class PlanStepViewDto extends PlanStepTextViewDto {
  @ApiProperty()
  completed!: boolean;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  completedAt!: string | null;

  @ApiProperty({ description: 'Due before today (UTC) and not done.' })
  overdue!: boolean;
}

export class PlanAgreementViewDto {
  @ApiProperty({ format: 'date-time' })
  agreedAt!: string;

  @ApiProperty({ example: 'anna.coach' })
  agreedBy!: string;

  @ApiProperty({ example: 'written', description: 'written, electronic or verbal.' })
  form!: string;
}

/** A goal of an erased data category (issue 17): id and category, no content. */
export class ErasedPlanGoalViewDto {
  @ApiProperty({ example: 'g2' })
  goalId!: string;

  @ApiProperty(category)
  category!: DataCategory;

  @ApiProperty({ enum: [true], description: 'The text of this category was erased.' })
  erased!: true;
}

/** A step of an erased data category (issue 17): id, due date and category, no content. */
export class ErasedPlanStepTextViewDto {
  @ApiProperty({ example: 's2' })
  stepId!: string;

  @ApiProperty({ format: 'date' })
  dueDate!: string;

  @ApiProperty(category)
  category!: DataCategory;

  @ApiProperty({ enum: [true], description: 'The text of this category was erased.' })
  erased!: true;
}

export class ErasedPlanStepViewDto extends ErasedPlanStepTextViewDto {
  @ApiProperty()
  completed!: boolean;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  completedAt!: string | null;

  @ApiProperty({ description: 'Due before today (UTC) and not done.' })
  overdue!: boolean;
}

/** The list (an item of an erased category is an erased item in its place), or erased as a whole. */
const listOrErased = (item: new () => unknown, erasedItem: new () => unknown) => ({
  oneOf: [
    { type: 'array', items: { oneOf: [{ $ref: getSchemaPath(item) }, { $ref: getSchemaPath(erasedItem) }] } },
    { $ref: getSchemaPath(ErasedDto) },
  ],
});

/** One version as drafted; texts of a category the reader may not read are left out and counted. */
export class PlanVersionViewDto {
  @ApiProperty({ type: 'integer', example: 1 })
  version!: number;

  @ApiProperty({ type: PlanLegalStatusDto })
  legalStatus!: PlanLegalStatusDto;

  @ApiProperty(listOrErased(PlanGoalViewDto, ErasedPlanGoalViewDto))
  goals!: (PlanGoalViewDto | ErasedPlanGoalViewDto)[] | ErasedDto;

  @ApiProperty(listOrErased(PlanStepTextViewDto, ErasedPlanStepTextViewDto))
  steps!: (PlanStepTextViewDto | ErasedPlanStepTextViewDto)[] | ErasedDto;

  @ApiPropertyOptional(textOrErased('Absent when the reader may not read its category.', true))
  participantWords?: string | null | ErasedDto;

  @ApiPropertyOptional(category)
  participantWordsCategory?: DataCategory;

  @ApiProperty({ type: 'integer', description: 'Texts left out: of a category the reader may not read.' })
  withheldTexts!: number;

  @ApiProperty({ example: 'anna.coach' })
  draftedBy!: string;

  @ApiProperty({ format: 'date-time' })
  draftedAt!: string;

  @ApiProperty({ type: PlanAgreementViewDto, nullable: true })
  agreement!: PlanAgreementViewDto | null;
}

export class LatestPlanVersionDto extends PlanVersionViewDto {
  @ApiProperty(listOrErased(PlanStepViewDto, ErasedPlanStepViewDto))
  declare steps: (PlanStepViewDto | ErasedPlanStepViewDto)[] | ErasedDto;
}

export class PlanVersionListItemDto {
  @ApiProperty({ type: 'integer' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  draftedAt!: string;

  @ApiProperty()
  draftedBy!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  agreedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  agreedBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  form!: string | null;
}

export class MediationViewDto {
  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiProperty()
  requestedBy!: string;

  @ApiProperty({ type: String, nullable: true })
  outcome!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  concludedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  concludedBy!: string | null;
}

export class PlanDisputeViewDto {
  @ApiProperty({ type: 'integer' })
  version!: number;

  @ApiProperty(textOrErased())
  reason!: string | ErasedDto;

  @ApiProperty()
  disputedBy!: string;

  @ApiProperty({ format: 'date-time' })
  disputedAt!: string;

  @ApiProperty({ type: MediationViewDto, nullable: true })
  mediation!: MediationViewDto | null;
}

export class PlanViewDto {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ enum: ['none', 'draft', 'agreed', 'disputed', 'mediation_requested', 'mediation_concluded'] })
  status!: string;

  @ApiProperty({ type: 'integer', nullable: true })
  latestVersion!: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  agreedVersion!: number | null;

  @ApiProperty({ type: LatestPlanVersionDto, nullable: true, description: 'With each step’s state.' })
  latest!: LatestPlanVersionDto | null;

  @ApiProperty({ type: [PlanVersionListItemDto] })
  versions!: PlanVersionListItemDto[];

  @ApiProperty({ type: [String] })
  completedStepIds!: string[];

  @ApiProperty({ type: [PlanDisputeViewDto] })
  disputes!: PlanDisputeViewDto[];
}

const fieldChanges = (properties: Record<string, object>): ApiPropertyOptions =>
  ({
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(
      Object.entries(properties).map(([name, schema]) => [
        name,
        {
          type: 'object',
          additionalProperties: false,
          required: ['from', 'to'],
          properties: { from: schema, to: schema },
        },
      ]),
    ),
  }) as unknown as ApiPropertyOptions;

const goalFields = { lifeArea: { type: 'string' }, text: { type: 'string' }, category: { type: 'string' } };
const stepFields = {
  goalId: { type: 'string', nullable: true },
  action: { type: 'string' },
  responsible: { type: 'string' },
  dueDate: { type: 'string' },
  category: { type: 'string' },
};

const item = (idName: string, fields: Record<string, object>, required: string[]) => ({
  type: 'object',
  additionalProperties: false,
  required: [idName, ...required],
  properties: { [idName]: { type: 'string' }, ...fields },
});
const goalSchema = item('goalId', goalFields, ['lifeArea', 'text']);
const stepSchema = item('stepId', stepFields, ['goalId', 'action', 'responsible', 'dueDate']);

const itemChanges = (item: object, idName: string, fields: Record<string, object>): ApiPropertyOptions =>
  ({
    type: 'object',
    additionalProperties: false,
    required: ['added', 'removed', 'changed'],
    properties: {
      added: { type: 'array', items: item },
      removed: { type: 'array', items: item },
      changed: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: [idName, 'changes'],
          properties: { [idName]: { type: 'string' }, changes: fieldChanges(fields) },
        },
      },
    },
  }) as unknown as ApiPropertyOptions;

/** What changed from one version to a later one; `erased: true` (and nothing else) after erasure. */
export class PlanDiffDto {
  @ApiProperty({ type: 'integer' })
  from!: number;

  @ApiProperty({ type: 'integer' })
  to!: number;

  @ApiPropertyOptional({ enum: [true], description: 'Present (alone) after the participant’s erasure.' })
  erased?: true;

  @ApiPropertyOptional(
    fieldChanges({ basis: { type: 'string' }, binding: { type: 'boolean' }, mediationAvailable: { type: 'boolean' } }),
  )
  legalStatus?: object;

  @ApiPropertyOptional(itemChanges(goalSchema, 'goalId', goalFields))
  goals?: object;

  @ApiPropertyOptional(itemChanges(stepSchema, 'stepId', stepFields))
  steps?: object;

  @ApiPropertyOptional({
    type: 'object',
    nullable: true,
    required: ['from', 'to'],
    properties: { from: { type: 'string', nullable: true }, to: { type: 'string', nullable: true } },
    description: 'Null when unchanged or of a category the reader may not read.',
  })
  participantWords?: { from: string | null; to: string | null } | null;

  @ApiPropertyOptional({ type: 'integer' })
  withheldTexts?: number;

  @ApiPropertyOptional({
    type: 'integer',
    description:
      'Goals, steps or words of an erased data category, compared in neither version (issue 17); absent when none.',
  })
  erasedTexts?: number;

  @ApiPropertyOptional({
    type: [String],
    description:
      'The changes as short German sentences; goals and steps named by their place in the version ("Ziel 2", the first is 1), dates as DD.MM.YYYY.',
  })
  lines?: string[];
}
