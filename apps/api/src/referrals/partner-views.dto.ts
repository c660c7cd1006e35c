import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import {
  RESCHEDULE_REASONS,
  type RescheduleReason,
  REFERRAL_STATUSES,
  type ReferralStatus,
} from '@fallverbund/cases-domain';
import { ErasedDto, IsInstant } from '@fallverbund/http';
import { DATA_CATEGORIES, PURPOSES } from '@fallverbund/kernel';
import { ListedParticipantDto, ListQueryDto } from '../cases/cases.dto';

/** Request and answer shapes of the partner's flows: planned appointment, inbox, own record. */

export class PlanFirstAppointmentDto {
  @ApiProperty({
    example: '2026-12-10T09:30:00+01:00',
    description:
      'When the first appointment is planned: an ISO 8601 instant, not before the referral was sent, at most 366 days ahead (the future is allowed).',
  })
  @IsString()
  @IsInstant('appointmentAt')
  appointmentAt!: string;

  @ApiPropertyOptional({
    enum: RESCHEDULE_REASONS,
    description:
      'Only when an appointment is planned already: why it is planned again — missed (the planned time has passed and the participant did not come) or moved.',
  })
  @IsOptional()
  @IsIn(RESCHEDULE_REASONS)
  reason?: RescheduleReason;
}

export class HiddenByPurposeDto {
  @ApiProperty({ enum: PURPOSES, example: 'health_promotion', description: 'Declare this purpose to see them.' })
  purpose!: string;

  @ApiProperty({ minimum: 1, example: 2 })
  count!: number;
}

class ReferralPartnerDto {
  @ApiProperty({ example: 'suchtberatung-nord' })
  agencyId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Suchtberatung Nord' })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'network_partner' })
  agencyType!: string | null;
}

class ReferralSenderDto {
  @ApiProperty({ example: 'anna.coach' })
  userId!: string;

  @ApiProperty({ example: 'jobcenter-mitte' })
  agencyId!: string;
}

class ReferralDatedReasonDto {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ example: 'no_capacity' })
  reason!: string;
}

class ReferralAttestationDto {
  @ApiProperty()
  attended!: boolean;

  @ApiProperty()
  goalReached!: boolean;
}

class ReferralStepViewDto {
  @ApiProperty({ enum: REFERRAL_STATUSES })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ example: 'emil.counsel' })
  by!: string;
}

/** How a referral went after it was sent (`referralCourse`): in the case's view and in the partner's record. */
class ReferralCourseDto {
  @ApiProperty({ type: ReferralDatedReasonDto, nullable: true })
  declined!: ReferralDatedReasonDto | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The first appointment as the partner planned it last (may lie ahead).',
  })
  plannedAppointmentAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the first appointment took place.',
  })
  firstAppointmentAt!: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Whole days from sending to the first appointment that took place.',
  })
  waitingDays!: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt!: string | null;

  @ApiProperty({ type: ReferralAttestationDto, nullable: true })
  attestation!: ReferralAttestationDto | null;

  @ApiProperty({ type: ReferralDatedReasonDto, nullable: true })
  cancelled!: ReferralDatedReasonDto | null;
}

export class ReferralViewDto extends ReferralCourseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ type: ReferralPartnerDto })
  partner!: ReferralPartnerDto;

  @ApiProperty({ enum: PURPOSES })
  purpose!: string;

  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true })
  sharedCategories!: string[];

  @ApiProperty({ type: String, isArray: true, format: 'uuid' })
  consentIds!: string[];

  @ApiProperty({ enum: REFERRAL_STATUSES })
  status!: string;

  @ApiProperty({
    oneOf: [
      { type: 'string' },
      { type: 'object', properties: { erased: { type: 'boolean', enum: [true] } }, required: ['erased'] },
    ],
    description: 'Personal data; {"erased": true} after erasure.',
  })
  reason!: string | { erased: true };

  @ApiProperty({ type: ReferralSenderDto })
  referredBy!: ReferralSenderDto;

  @ApiProperty({ format: 'date-time' })
  sentAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  acceptedAt!: string | null;

  @ApiProperty({ type: ReferralStepViewDto, isArray: true })
  steps!: ReferralStepViewDto[];
}

export class ReferralListDto {
  @ApiProperty({ type: ReferralViewDto, isArray: true })
  items!: ReferralViewDto[];
}

@ApiExtraModels(ListedParticipantDto, ErasedDto)
export class ReferralInboxItemDto extends ReferralViewDto {
  @ApiPropertyOptional({
    oneOf: [{ $ref: getSchemaPath(ListedParticipantDto) }, { $ref: getSchemaPath(ErasedDto) }],
    description:
      'Category identity: the name, as the case list gives it, only to a reader of it (a consent names the caller’s agency for identity); { erased: true } after erasure.',
  })
  participant?: ListedParticipantDto | ErasedDto;
}

export class ReferralInboxDto {
  @ApiProperty({ type: ReferralInboxItemDto, isArray: true })
  items!: ReferralInboxItemDto[];

  @ApiProperty({ type: Number, nullable: true })
  nextOffset!: number | null;

  @ApiProperty({
    type: HiddenByPurposeDto,
    isArray: true,
    description:
      'Referrals to the caller’s agency that the declared purpose does not show but their own purpose would: how many, and under which purpose to ask. Counts only.',
  })
  hiddenByPurpose!: HiddenByPurposeDto[];
}

export class PartnerRecordQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES, description: 'Only referrals in this status.' })
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  status?: ReferralStatus;
}

class RecordReferringAgencyDto {
  @ApiProperty({ example: 'jobcenter-mitte' })
  agencyId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Jobcenter Mitte' })
  name!: string | null;
}

export class PartnerRecordEntryDto extends ReferralCourseDto {
  @ApiProperty({ format: 'uuid' })
  referralId!: string;

  @ApiProperty({ enum: PURPOSES })
  purpose!: string;

  @ApiProperty({
    enum: DATA_CATEGORIES,
    isArray: true,
    description: 'The categories the referral opened to the agency; never their content.',
  })
  receivedCategories!: string[];

  @ApiProperty({ type: RecordReferringAgencyDto })
  referringAgency!: RecordReferringAgencyDto;

  @ApiProperty({ enum: REFERRAL_STATUSES })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  acceptedAt!: string | null;
}

export class PartnerRecordDto {
  @ApiProperty({ type: PartnerRecordEntryDto, isArray: true })
  items!: PartnerRecordEntryDto[];

  @ApiProperty({ type: Number, nullable: true })
  nextOffset!: number | null;

  @ApiProperty({ type: HiddenByPurposeDto, isArray: true })
  hiddenByPurpose!: HiddenByPurposeDto[];

  @ApiProperty({ example: '§78 Abs. 1 SGB X partner record' })
  legalBasis!: string;
}

export class ReferralStepDoneDto {
  @ApiProperty({ description: 'The case version after the step (also the ETag).' })
  version!: number;
}
