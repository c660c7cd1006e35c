import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ARCHIVE_ANSWERS,
  type ArchiveAnswer,
  RETENTION_HOLD_REASONS,
  type RetentionHoldReason,
} from '@fallverbund/cases-domain';
import { END_ACTIONS } from '@fallverbund/retention';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class DueQueryDto {
  @ApiPropertyOptional({
    default: 'P30D',
    example: 'P30D',
    pattern: '^P(\\d+Y)?(\\d+M)?(\\d+D)?$',
    description: 'How far ahead: an ISO-8601 period of years, months and days, at most 100 years.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  @Matches(/^P(\d+Y)?(\d+M)?(\d+D)?$/, { message: 'within must be an ISO-8601 period such as P30D' })
  within?: string;
}

export class RetentionHoldDto {
  @ApiProperty({
    enum: RETENTION_HOLD_REASONS,
    description: 'Why the case is held back from the end of retention; coded, no free text.',
  })
  @IsIn(RETENTION_HOLD_REASONS)
  reason!: RetentionHoldReason;
}

export class ArchiveAnswerDto {
  @ApiProperty({
    enum: ARCHIVE_ANSWERS,
    description: 'taken: the archive took the file over; declined: it did not. Either way the platform then erases it.',
  })
  @IsIn(ARCHIVE_ANSWERS)
  answer!: ArchiveAnswer;
}

export class DueItemDto {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ example: 'sgb2-file', description: 'The retention class (docs/retention.md).' })
  retentionClass!: string;

  @ApiProperty({ enum: END_ACTIONS, description: "The class's action at the end of the period." })
  action!: string;

  @ApiProperty({
    enum: END_ACTIONS,
    description: 'What the daily run does next: for a file offered to the archive, the erasure.',
  })
  nextStep!: string;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'When it is due; null: the start is unknown (no readable birth date) and the DPO decides.',
  })
  dueAt!: string | null;

  @ApiProperty({ description: 'A retention hold is placed: the run does nothing while it holds.' })
  held!: boolean;
}

export class DueReportDto {
  @ApiProperty({ format: 'date-time', description: 'The end of the period the report looks ahead to.' })
  until!: string;

  @ApiProperty({ type: [DueItemDto] })
  items!: DueItemDto[];

  @ApiProperty({ description: 'More rows are due than the report lists (1000).' })
  truncated!: boolean;
}
