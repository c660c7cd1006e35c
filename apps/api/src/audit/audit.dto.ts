import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IsCanonicalUuid } from '@fallverbund/http';
import { PURPOSES } from '@fallverbund/kernel';

const INSTANT = { strict: true, strictSeparator: true } as const;

export class AuditSearchQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Entries about this case.' })
  @IsOptional()
  @IsCanonicalUuid('caseId')
  caseId?: string;

  @ApiPropertyOptional({ example: 'clara.youth' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  userId?: string;

  @ApiPropertyOptional({ example: 'jugendamt-mitte' })
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

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false], { message: 'breakGlass must be true or false' })
  breakGlass?: boolean;

  @ApiPropertyOptional({ example: 'read' })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  action?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'From this instant (inclusive).' })
  @IsOptional()
  @IsISO8601(INSTANT, { message: 'from must be an ISO 8601 instant' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'Up to this instant (exclusive).' })
  @IsOptional()
  @IsISO8601(INSTANT, { message: 'to must be an ISO 8601 instant' })
  to?: string;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ description: "The previous page's `next`." })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;
}

export class InclusionProofQueryDto {
  @Type(() => Number)
  @IsInt({ message: 'index must be an integer' })
  @Min(0)
  index!: number;

  @ApiPropertyOptional({ description: 'Tree size of the checkpoint to prove against; default: the whole log.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  treeSize?: number;
}

export class ConsistencyProofQueryDto {
  @Type(() => Number)
  @IsInt({ message: 'from must be an integer' })
  @Min(1)
  from!: number;

  @ApiPropertyOptional({ description: 'Default: the whole log.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to?: number;
}

export class SignalsQueryDto {
  @ApiPropertyOptional({ description: 'Default: 7 days before `to`.' })
  @IsOptional()
  @IsISO8601(INSTANT, { message: 'from must be an ISO 8601 instant' })
  from?: string;

  @ApiPropertyOptional({ description: 'Default: now.' })
  @IsOptional()
  @IsISO8601(INSTANT, { message: 'to must be an ISO 8601 instant' })
  to?: string;
}
