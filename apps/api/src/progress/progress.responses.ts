import { ApiProperty } from '@nestjs/swagger';
import { PROGRESS_DIMENSIONS } from '@fallverbund/cases-domain';

export class ProgressPointDto {
  @ApiProperty({ format: 'uuid' })
  assessmentId!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 })
  rating!: number;

  @ApiProperty({ format: 'date-time' })
  assessedAt!: string;

  @ApiProperty({ example: 'anna.coach' })
  recordedBy!: string;
}

export class LatestProgressDto {
  @ApiProperty({ type: ProgressPointDto, nullable: true })
  coach!: ProgressPointDto | null;

  @ApiProperty({ type: ProgressPointDto, nullable: true })
  self!: ProgressPointDto | null;
}

export class ProgressDimensionCurveDto {
  @ApiProperty({ enum: PROGRESS_DIMENSIONS })
  dimension!: string;

  @ApiProperty({ type: [ProgressPointDto], description: 'The coach’s ratings by assessment time.' })
  coach!: ProgressPointDto[];

  @ApiProperty({ type: [ProgressPointDto], description: 'The participant’s own ratings by assessment time.' })
  self!: ProgressPointDto[];

  @ApiProperty({ type: LatestProgressDto, description: 'The rating assessed last in each perspective.' })
  latest!: LatestProgressDto;
}

export class ProgressScaleDto {
  @ApiProperty({ type: 'integer', example: 1 })
  min!: number;

  @ApiProperty({ type: 'integer', example: 5 })
  max!: number;
}

export class ProgressCurveDto {
  @ApiProperty({ type: ProgressScaleDto })
  scale!: ProgressScaleDto;

  @ApiProperty({ type: [ProgressDimensionCurveDto], description: 'Every dimension, rated or not.' })
  dimensions!: ProgressDimensionCurveDto[];
}
