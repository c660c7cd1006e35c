import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RESTRICTION_REASONS, type RestrictionReason } from '@fallverbund/cases-domain';
import { DATA_CATEGORIES, type DataCategory } from '@fallverbund/kernel';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional } from 'class-validator';
import { IsCaseScope } from './case-scope.validator';

export class RestrictCaseDto {
  @ApiProperty({
    oneOf: [
      { type: 'string', pattern: '^case$' },
      { type: 'array', items: { type: 'string' } },
    ],
    example: 'case',
    description:
      '"case" restricts the whole case; a list of data categories (identity, case_admin, contacts, plan, referrals, progress, health, youth_welfare, finances, addiction) restricts those only.',
  })
  @IsCaseScope()
  scope!: 'case' | DataCategory[];

  @ApiProperty({ enum: RESTRICTION_REASONS, description: 'Why (§ 84 SGB X, Art. 18 GDPR); coded, no free text.' })
  @IsIn(RESTRICTION_REASONS)
  reason!: RestrictionReason;
}

export class DisputeAccuracyDto {
  @ApiPropertyOptional({
    enum: DATA_CATEGORIES,
    isArray: true,
    description:
      'The disputed categories; absent: the accuracy of the case as a whole. No note: the flag carries no text.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(DATA_CATEGORIES, { each: true })
  categories?: DataCategory[];
}
