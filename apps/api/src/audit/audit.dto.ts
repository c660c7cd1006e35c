import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsBoundedInteger, IsCanonicalUuid, IsInstant, MAX_POSITION } from '@fallverbund/http';
import { PURPOSES } from '@fallverbund/kernel';

export class AuditSearchQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Entries about this case.' })
  @IsOptional()
  @IsCanonicalUuid('caseId')
  caseId?: string;

  @ApiPropertyOptional({ example: 'clara.youth', description: 'Entries of this user.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  userId?: string;

  @ApiPropertyOptional({ example: 'jugendamt-mitte', description: 'Entries of users of this agency.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  agencyId?: string;

  @ApiPropertyOptional({ enum: PURPOSES })
  @IsOptional()
  @IsIn(PURPOSES)
  purpose?: string;

  @ApiPropertyOptional({
    example: 'consent:',
    description: "Entries with a legal basis starting with this text: 'team', 'consent:', 'consent:<id>', '§8a'.",
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  legalBasis?: string;

  @ApiPropertyOptional({ enum: ['permit', 'deny'] })
  @IsOptional()
  @IsIn(['permit', 'deny'])
  decision?: 'permit' | 'deny';

  @ApiPropertyOptional({
    type: Boolean,
    description: 'Only accesses under § 8a SGB VIII (true) or only others (false).',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false], { message: 'breakGlass must be true or false' })
  breakGlass?: boolean;

  @ApiPropertyOptional({ example: 'read', description: 'Entries of this action (read, list, record, …).' })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  action?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'From this instant (inclusive).' })
  @IsOptional()
  @IsInstant('from')
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'Up to this instant (exclusive).' })
  @IsOptional()
  @IsInstant('to')
  to?: string;

  @ApiPropertyOptional({ type: 'integer', default: 100, minimum: 1, maximum: 1000, description: 'Entries per page.' })
  @IsOptional()
  @IsBoundedInteger('limit', 1, 1000)
  limit?: number;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({
    type: 'integer',
    description: "The previous page's `next`.",
    minimum: 0,
    maximum: MAX_POSITION,
  })
  @IsOptional()
  @IsBoundedInteger('after', 0)
  after?: number;
}

export class InclusionProofQueryDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_POSITION, description: 'The entry’s index in the log.' })
  @IsBoundedInteger('index', 0)
  index!: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_POSITION,
    description: 'Tree size of the checkpoint to prove against; default: the whole log.',
  })
  @IsOptional()
  @IsBoundedInteger('treeSize', 1)
  treeSize?: number;
}

export class ConsistencyProofQueryDto {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: MAX_POSITION,
    description: 'Tree size of the older checkpoint.',
  })
  @IsBoundedInteger('from', 1)
  from!: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_POSITION, description: 'Default: the whole log.' })
  @IsOptional()
  @IsBoundedInteger('to', 1)
  to?: number;
}

export class SignalsQueryDto {
  @ApiPropertyOptional({ description: 'Default: 7 days before `to`.' })
  @IsOptional()
  @IsInstant('from')
  from?: string;

  @ApiPropertyOptional({ description: 'Default: now.' })
  @IsOptional()
  @IsInstant('to')
  to?: string;
}
