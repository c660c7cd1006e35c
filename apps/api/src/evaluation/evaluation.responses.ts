import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXIT_REASONS, PERSPECTIVES, PROGRESS_DIMENSIONS } from '@fallverbund/cases-domain';
import { AGENCY_TYPES } from '@fallverbund/kernel';

const SUPPRESSED = 'true when the group has fewer cases than minGroupSize: then no figure is given.';

export class ProgressFigureDto {
  @ApiProperty({ enum: PROGRESS_DIMENSIONS })
  dimension!: string;

  @ApiProperty({ enum: PERSPECTIVES })
  perspective!: string;

  @ApiPropertyOptional({ enum: [true], description: SUPPRESSED })
  suppressed?: true;

  @ApiPropertyOptional({ type: 'integer' })
  n?: number;

  @ApiPropertyOptional()
  mean?: number;

  @ApiPropertyOptional()
  median?: number;
}

export class WaitingTimeFigureDto {
  @ApiProperty({ enum: AGENCY_TYPES })
  partnerType!: string;

  @ApiPropertyOptional({ enum: [true], description: SUPPRESSED })
  suppressed?: true;

  @ApiPropertyOptional({ type: 'integer' })
  n?: number;

  @ApiPropertyOptional()
  medianDays?: number;

  @ApiPropertyOptional()
  p90Days?: number;
}

export class ContactDensityFigureDto {
  @ApiPropertyOptional({ enum: [true], description: SUPPRESSED })
  suppressed?: true;

  @ApiPropertyOptional({ type: 'integer' })
  casesN?: number;

  @ApiPropertyOptional({ type: 'integer' })
  caseMonths?: number;

  @ApiPropertyOptional()
  contactsPerCaseMonth?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  caseMonthsWithContactShare?: number;
}

export class ExitFigureDto {
  @ApiProperty({ enum: EXIT_REASONS })
  exitReason!: string;

  @ApiPropertyOptional({ enum: [true], description: SUPPRESSED })
  suppressed?: true;

  @ApiPropertyOptional({ type: 'integer' })
  n?: number;
}

export class EvaluationScopeDto {
  @ApiProperty({ example: 'jobcenter-mitte', description: 'The figures are about the cases this agency leads.' })
  leadAgencyId!: string;
}

export class EvaluationFiguresDto {
  @ApiProperty({ type: 'integer', example: 5 })
  minGroupSize!: number;

  @ApiProperty({ type: [ProgressFigureDto] })
  progressByDimension!: ProgressFigureDto[];

  @ApiProperty({ type: [WaitingTimeFigureDto] })
  referralWaitingTimes!: WaitingTimeFigureDto[];

  @ApiProperty({ type: ContactDensityFigureDto })
  contactDensity!: ContactDensityFigureDto;

  @ApiProperty({ type: [ExitFigureDto] })
  exitsByReason!: ExitFigureDto[];

  @ApiProperty({ type: EvaluationScopeDto })
  scope!: EvaluationScopeDto;
}
