import { ApiProperty } from '@nestjs/swagger';
import { DATA_CATEGORIES, type DataCategory, PURPOSES, type Purpose } from '@fallverbund/kernel';
import { IsString, MaxLength } from 'class-validator';
import { IsCanonicalUuid } from '@fallverbund/http';

export class InvitationIssuedDto {
  @ApiProperty({
    description: 'The one-time code, shown only in this answer (stored only as a hash).',
    example: 'ABCD-EFGH-JKMN',
  })
  code!: string;

  @ApiProperty({ format: 'date-time', description: 'After this instant the code can no longer be redeemed.' })
  expiresAt!: string;
}

export class RedeemInvitationDto {
  @ApiProperty({
    description: 'The code as the case team handed it over; case, spaces and dashes do not matter.',
    example: 'ABCD-EFGH-JKMN',
    maxLength: 40,
  })
  @IsString()
  @MaxLength(40)
  code!: string;
}

export class RedemptionDto {
  @ApiProperty({ format: 'uuid', description: 'The case the account is now bound to.' })
  caseId!: string;
}

export class AgencyRefDto {
  @ApiProperty({ example: 'jobcenter-mitte' })
  id!: string;

  @ApiProperty({ example: 'Jobcenter Mitte' })
  name!: string;
}

export class MyCaseDto {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ example: 'Mara' })
  givenName!: string;

  @ApiProperty({ example: 'Beispiel' })
  familyName!: string;

  @ApiProperty({ type: AgencyRefDto })
  leadAgency!: AgencyRefDto;
}

export class MyCaseListDto {
  @ApiProperty({ type: [MyCaseDto] })
  items!: MyCaseDto[];
}

export class MyConsentDto {
  @ApiProperty({ format: 'uuid' })
  consentId!: string;

  @ApiProperty({ enum: PURPOSES, isArray: true, description: 'What the consent allows the data to be used for.' })
  purposes!: Purpose[];

  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true, description: 'Which kinds of data it covers.' })
  dataCategories!: DataCategory[];

  @ApiProperty({ type: [AgencyRefDto], description: 'The agencies that may receive them.' })
  recipients!: AgencyRefDto[];

  @ApiProperty({
    type: [String],
    description: 'Persons named as recipients (secrecy holders), by their user id; usually none.',
  })
  recipientUserIds!: string[];

  @ApiProperty({ enum: ['written', 'electronic', 'verbal'] })
  form!: string;

  @ApiProperty({ enum: ['participant', 'legal_guardian', 'entrusting_person'] })
  grantedBy!: string;

  @ApiProperty({ format: 'date-time' })
  grantedAt!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2027-06-30',
    description: 'Valid through this day; null: until withdrawn.',
  })
  validUntil!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  withdrawnAt!: string | null;

  @ApiProperty({ enum: ['active', 'withdrawn', 'expired'] })
  state!: 'active' | 'withdrawn' | 'expired';

  @ApiProperty({
    description: 'Whether the participant can withdraw it here: active, and given by the participant (not a guardian).',
  })
  withdrawable!: boolean;
}

export class MyConsentListDto {
  @ApiProperty({ type: [MyConsentDto], description: 'Every consent of the case, active and past, newest first.' })
  items!: MyConsentDto[];
}

export class MyConsentParams {
  @ApiProperty({ format: 'uuid' })
  @IsCanonicalUuid('id')
  id!: string;

  @ApiProperty({ format: 'uuid' })
  @IsCanonicalUuid('consentId')
  consentId!: string;
}

export class MyWithdrawalDto {
  @ApiProperty({ format: 'uuid' })
  consentId!: string;

  @ApiProperty({ format: 'date-time', description: 'From this instant on, no agency is let in on this consent.' })
  withdrawnAt!: string;
}

export class MyCaseIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsCanonicalUuid('id')
  id!: string;
}
