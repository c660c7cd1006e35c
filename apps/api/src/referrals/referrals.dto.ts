import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import {
  CANCEL_REASONS,
  type CancelReason,
  DECLINE_REASONS,
  type DeclineReason,
  REFERRAL_STATUSES,
  type ReferralStatus,
} from '@fallverbund/cases-domain';
import { IsCanonicalUuid, IsInstant } from '@fallverbund/http';
import { DATA_CATEGORIES, type DataCategory, PURPOSES, type Purpose } from '@fallverbund/kernel';
import { CaseIdParams, ListQueryDto } from '../cases/cases.dto';

export class SendReferralDto {
  @ApiProperty({ example: 'suchtberatung-nord', description: 'An agency of the partner directory.' })
  @IsString()
  @Length(1, 100)
  partnerAgencyId!: string;

  @ApiPropertyOptional({
    enum: PURPOSES,
    example: 'health_promotion',
    description:
      'What the partner receives the referral for: always the purpose declared in X-Purpose, which the partner must serve. May be left out; any other purpose is refused (403 REFERRAL.PURPOSE_NOT_DECLARED).',
  })
  @IsOptional()
  @IsIn(PURPOSES)
  purpose?: Purpose;

  @ApiProperty({
    enum: DATA_CATEGORIES,
    isArray: true,
    example: ['identity', 'addiction'],
    description:
      'What the partner may read while the referral is open: only categories the purpose may need, the sender may read under it (403 REFERRAL.CATEGORIES_NOT_READABLE otherwise) and an active consent for the partner and purpose covers (403 REFERRAL.NOT_COVERED_BY_CONSENT otherwise).',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DATA_CATEGORIES.length)
  @IsIn(DATA_CATEGORIES, { each: true })
  sharedCategories!: DataCategory[];

  @ApiProperty({
    maxLength: 1000,
    description: 'Why the participant is referred. Personal data: sealed under the participant key, erased with it.',
  })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class ReferralParams extends CaseIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsCanonicalUuid('referralId')
  referralId!: string;
}

export class DeclineReferralDto {
  @ApiProperty({ enum: DECLINE_REASONS })
  @IsIn(DECLINE_REASONS)
  reason!: DeclineReason;
}

export class FirstAppointmentDto {
  @ApiPropertyOptional({
    example: '2026-12-03T09:30:00+01:00',
    description:
      'When the first appointment took place: an ISO 8601 instant, not in the future and not before the referral was sent. Absent: the planned appointment took place as planned.',
  })
  @IsOptional()
  @IsString()
  @IsInstant('appointmentAt')
  appointmentAt?: string;
}

export class CompleteReferralDto {
  @ApiProperty({ description: 'Did the participant attend? Yes or no, nothing more.' })
  @IsBoolean()
  attended!: boolean;

  @ApiProperty({ description: 'Was the goal of the referral reached? Yes or no, nothing more.' })
  @IsBoolean()
  goalReached!: boolean;
}

export class CancelReferralDto {
  @ApiProperty({ enum: CANCEL_REASONS })
  @IsIn(CANCEL_REASONS)
  reason!: CancelReason;
}

export class ReferralInboxQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES, description: 'Only referrals in this status.' })
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  status?: ReferralStatus;
}
