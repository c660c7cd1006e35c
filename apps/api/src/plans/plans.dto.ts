import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  IsObject,
  ValidateNested,
} from 'class-validator';
import { IsBoundedInteger, IsCalendarDate } from '@fallverbund/http';
import {
  AGREEMENT_FORMS,
  type AgreementForm,
  LIFE_AREAS,
  type LifeArea,
  MEDIATION_OUTCOMES,
  type MediationOutcome,
} from '@fallverbund/cases-domain';
import { type DataCategory } from '@fallverbund/kernel';
import { CaseIdParams } from '../cases/cases.dto';
import { TextCategory } from '../cases/text-category.dto';

/** Goal and step ids are chosen by the client and appear in paths: letters, digits, `.`, `_`, `:`, `-`. */
const ITEM_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const ITEM_ID_MESSAGE = (what: string) => `${what} has 1 to 64 letters, digits, ".", "_", ":" or "-"`;

export class PlanLegalStatusDto {
  @ApiProperty({ example: '§ 15 SGB II', description: 'The norm the plan rests on.' })
  @IsString()
  @Length(1, 120)
  basis!: string;

  @ApiProperty({ description: 'Whether the plan binds legally, or is a shared agreement.' })
  @IsBoolean()
  binding!: boolean;

  @ApiProperty({ description: 'Whether a dispute about this plan can go to mediation (Schlichtung, § 15a SGB II).' })
  @IsBoolean()
  mediationAvailable!: boolean;
}

export class PlanGoalDto {
  @ApiProperty({ example: 'g1' })
  @Matches(ITEM_ID, { message: ITEM_ID_MESSAGE('goalId') })
  goalId!: string;

  @ApiProperty({ enum: LIFE_AREAS })
  @IsIn(LIFE_AREAS)
  lifeArea!: LifeArea;

  @ApiProperty({ example: 'Eine Teilzeitstelle im Einzelhandel finden', maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  text!: string;

  @TextCategory('the goal’s text (e.g. `addiction` for "Alkoholkonsum reduzieren")', 'plan')
  category?: DataCategory;
}

export class PlanStepDto {
  @ApiProperty({ example: 's1' })
  @Matches(ITEM_ID, { message: ITEM_ID_MESSAGE('stepId') })
  stepId!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'g1', description: 'The goal the step serves.' })
  @IsOptional()
  @Matches(ITEM_ID, { message: ITEM_ID_MESSAGE('goalId') })
  goalId?: string | null;

  @ApiProperty({ example: 'Bewerbungsunterlagen mit der Coachin überarbeiten', maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  action!: string;

  @TextCategory('the step’s text (`action`)', 'plan')
  category?: DataCategory;

  @ApiProperty({ example: 'participant', description: 'Who does it: "participant", a role or an agency id.' })
  @IsString()
  @Length(1, 120)
  responsible!: string;

  @ApiProperty({ example: '2026-12-15', description: 'YYYY-MM-DD, not in the past (unless carried over unchanged).' })
  @IsCalendarDate('dueDate')
  dueDate!: string;
}

export class DraftPlanVersionDto {
  @ApiProperty({ type: PlanLegalStatusDto })
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => PlanLegalStatusDto)
  legalStatus!: PlanLegalStatusDto;

  @ApiProperty({ type: [PlanGoalDto], minItems: 1, maxItems: 20 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  // Each an object: ValidateNested passes an array inside the array ([[]]) unchecked.
  @IsObject({ each: true, message: 'goals must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => PlanGoalDto)
  goals!: PlanGoalDto[];

  @ApiProperty({ type: [PlanStepDto], maxItems: 50 })
  @IsArray()
  @ArrayMaxSize(50)
  // Each an object: ValidateNested passes an array inside the array ([[]]) unchecked.
  @IsObject({ each: true, message: 'steps must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => PlanStepDto)
  steps!: PlanStepDto[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 4000,
    description: "The participant's own words about the plan. Personal data: sealed, erased with the participant key.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  participantWords?: string | null;

  @TextCategory('the participant’s words', 'plan')
  participantWordsCategory?: DataCategory;
}

export class PlanVersionParams extends CaseIdParams {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1_000_000, example: 1 })
  @IsBoundedInteger('version', 1, 1_000_000)
  version!: number;
}

export class PlanStepParams extends CaseIdParams {
  @ApiProperty({ example: 's1' })
  @Matches(ITEM_ID, { message: ITEM_ID_MESSAGE('stepId') })
  stepId!: string;
}

export class PlanDiffQueryDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1_000_000, description: 'The earlier version.' })
  @IsBoundedInteger('from', 1, 1_000_000)
  from!: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1_000_000, description: 'The later version.' })
  @IsBoundedInteger('to', 1, 1_000_000)
  to!: number;
}

export class PlanAgreementDto {
  @ApiProperty({ enum: AGREEMENT_FORMS, description: 'How the participant agreed.' })
  @IsIn(AGREEMENT_FORMS)
  form!: AgreementForm;
}

export class PlanDisputeDto {
  @ApiProperty({ minimum: 1, description: 'The disputed version: the latest one.' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version!: number;

  @ApiProperty({ maxLength: 1000, description: 'Why the participant disputes the plan. Personal data: sealed.' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class MediationConclusionDto {
  @ApiProperty({ enum: MEDIATION_OUTCOMES })
  @IsIn(MEDIATION_OUTCOMES)
  outcome!: MediationOutcome;
}

export class PlanVersionCreatedDto {
  @ApiProperty({ example: 2, description: 'The number of the new version.' })
  version!: number;
}
