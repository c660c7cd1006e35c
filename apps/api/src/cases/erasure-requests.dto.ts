import { IsCaseScope } from './case-scope.validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ERASURE_DECISION_REASON_CODES,
  ERASURE_DECISIONS,
  ERASURE_GROUNDS,
  ERASURE_REQUEST_CHANNELS,
  type ErasureDecision,
  type ErasureDecisionReason,
  type ErasureGround,
} from '@fallverbund/cases-domain';
import { DATA_CATEGORIES, type DataCategory } from '@fallverbund/kernel';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsCanonicalUuid } from '@fallverbund/http';

const SCOPE_DESCRIPTION =
  '"case": all data of the case; or a list of data categories (identity, case_admin, contacts, plan, referrals, progress, health, youth_welfare, finances, addiction).';

/** A request for erasure: what to erase and, if the person says, why. No free text. */
export class RequestErasureDto {
  @ApiProperty({
    oneOf: [
      { type: 'string', pattern: '^case$' },
      { type: 'array', items: { type: 'string', enum: [...DATA_CATEGORIES] }, minItems: 1, uniqueItems: true },
    ],
    example: 'case',
    description: SCOPE_DESCRIPTION,
  })
  @IsCaseScope()
  scope!: 'case' | DataCategory[];

  @ApiPropertyOptional({
    enum: ERASURE_GROUNDS,
    description: 'Why (Art. 17 Abs. 1 GDPR), coded; absent: not_stated (the person need not say).',
  })
  @IsOptional()
  @IsIn(ERASURE_GROUNDS)
  ground?: ErasureGround;
}

export class DecideErasureRequestDto {
  @ApiProperty({ enum: ERASURE_DECISIONS })
  @IsIn(ERASURE_DECISIONS)
  decision!: ErasureDecision;

  @ApiProperty({
    enum: ERASURE_DECISION_REASON_CODES,
    description:
      'granted: no_longer_necessary, consent_withdrawn, objection_upheld, unlawfully_processed or legal_obligation; refused_retention_duty: retention_duty; restricted_instead: retention_duty or would_harm_interests.',
  })
  @IsIn(ERASURE_DECISION_REASON_CODES)
  reason!: ErasureDecisionReason;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'sgb2-file',
    description: 'With reason retention_duty: the retention class of docs/retention.md (of the case’s legal domain).',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9-]{1,40}$/)
  retentionClass?: string | null;
}

export class ErasureRequestParams {
  @ApiProperty({ format: 'uuid' })
  @IsCanonicalUuid('id')
  id!: string;

  @ApiProperty({ format: 'uuid' })
  @IsCanonicalUuid('requestId')
  requestId!: string;
}

export class ErasureRequestCreatedDto {
  @ApiProperty({ format: 'uuid' })
  requestId!: string;

  @ApiProperty({ format: 'date-time', description: 'Art. 12 Abs. 3 GDPR: the answer is due one month after receipt.' })
  dueAt!: string;
}

export class ErasureDecisionDto {
  @ApiProperty({ enum: ERASURE_DECISIONS })
  decision!: ErasureDecision;

  @ApiProperty({ enum: ERASURE_DECISION_REASON_CODES })
  reason!: ErasureDecisionReason;

  @ApiProperty({ example: 'Art. 17 Abs. 3 lit. b DSGVO, § 84 Abs. 2 SGB X; sgb2-file: § 84 Abs. 2 SGB X …' })
  legalSource!: string;

  @ApiProperty({ type: String, nullable: true, example: 'sgb2-file' })
  retentionClass!: string | null;

  @ApiProperty({ format: 'date-time' })
  decidedAt!: string;
}

export class ErasureRequestDto {
  @ApiProperty({ format: 'uuid' })
  requestId!: string;

  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({
    enum: ERASURE_REQUEST_CHANNELS,
    description: 'participant: in her own view; staff: recorded for her.',
  })
  channel!: string;

  @ApiProperty({
    oneOf: [
      { type: 'string', pattern: '^case$' },
      { type: 'array', items: { type: 'string', enum: [...DATA_CATEGORIES] } },
    ],
    description: SCOPE_DESCRIPTION,
  })
  scope!: 'case' | DataCategory[];

  @ApiProperty({ enum: ERASURE_GROUNDS })
  ground!: string;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiProperty({ format: 'date-time', description: 'Art. 12 Abs. 3 GDPR: one month after receipt.' })
  dueAt!: string;

  @ApiProperty({ description: 'Open and past its due date.' })
  overdue!: boolean;

  @ApiProperty({
    enum: ['open', 'granted', 'refused', 'restricted', 'executed'],
    description: 'granted: decided, execution pending; executed: carried out and confirmed.',
  })
  status!: string;

  @ApiProperty({ type: ErasureDecisionDto, nullable: true })
  decision!: ErasureDecisionDto | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  executedAt!: string | null;
}

export class ErasureRequestListDto {
  @ApiProperty({ type: [ErasureRequestDto] })
  items!: ErasureRequestDto[];
}
