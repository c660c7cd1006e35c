import { ApiProperty } from '@nestjs/swagger';
import { DATA_CATEGORIES, type DataCategory, PURPOSES, type Purpose } from '@fallverbund/kernel';
import { IsString, MaxLength } from 'class-validator';
import { IsCanonicalUuid } from '@fallverbund/http';
import { AgencyRefDto, ParticipantAccessDto } from '../participant-accesses/participant-accesses.dto';
import { RESTRICTION_REASONS } from '@fallverbund/cases-domain';
import { AccuracyDisputedDto } from '../cases/cases.responses';

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

export class MyRestrictionDto {
  @ApiProperty({
    oneOf: [
      { type: 'string', pattern: '^case$' },
      { type: 'array', items: { type: 'string' } },
    ],
    description: '"case" or the restricted data categories.',
  })
  scope!: 'case' | DataCategory[];

  @ApiProperty({ enum: RESTRICTION_REASONS })
  reason!: string;

  @ApiProperty({ format: 'date-time' })
  since!: string;
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

  @ApiProperty({
    type: MyRestrictionDto,
    nullable: true,
    description: 'Processing of the case or of some categories is restricted (§ 84 SGB X); null when not.',
  })
  restriction!: MyRestrictionDto | null;

  @ApiProperty({
    type: AccuracyDisputedDto,
    nullable: true,
    description: 'The accuracy the person disputes ("Richtigkeit bestritten"); null when none.',
  })
  accuracyDisputed!: AccuracyDisputedDto | null;
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

export class MyCopyPersonDto {
  @ApiProperty({ example: 'Mara' })
  givenName!: string;

  @ApiProperty({ example: 'Beispiel' })
  familyName!: string;

  @ApiProperty({ example: '1990-04-01' })
  birthDate!: string;
}

export class MyCopyTeamMemberDto {
  @ApiProperty({ type: AgencyRefDto })
  agency!: AgencyRefDto;

  @ApiProperty({ example: 'caseworker', description: 'The role, never the person.' })
  role!: string;
}

export class MyCopyBasisDto {
  @ApiProperty({ enum: ['statute'] })
  kind!: 'statute';

  @ApiProperty({ example: '§ 67a, § 67b SGB X' })
  statute!: string;

  @ApiProperty({ example: 'Erhebung und Speicherung für die Aufgabe der fallführenden Stelle' })
  words!: string;
}

export class MyCopyCaseDto {
  @ApiProperty({ type: AgencyRefDto })
  leadAgency!: AgencyRefDto;

  @ApiProperty({ enum: ['active', 'aftercare', 'closed'] })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  openedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  exitReason!: string | null;

  @ApiProperty({ type: [MyCopyTeamMemberDto], description: 'The case team by agency and role.' })
  team!: MyCopyTeamMemberDto[];

  @ApiProperty({ type: MyCopyBasisDto, description: 'On which basis the lead agency holds these data.' })
  legalBasis!: MyCopyBasisDto;
}

export class MyCopyDto {
  @ApiProperty({ format: 'date-time' })
  generatedAt!: string;

  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({
    type: MyCopyPersonDto,
    nullable: true,
    description: 'The data about the person; null once erased.',
  })
  participant!: MyCopyPersonDto | null;

  @ApiProperty({ type: MyCopyCaseDto })
  case!: MyCopyCaseDto;

  @ApiProperty({ type: [MyConsentDto], description: 'Every consent, active and past, newest first.' })
  consents!: MyConsentDto[];

  @ApiProperty({
    type: [ParticipantAccessDto],
    description: 'Every access the person may see now (held-back ones excluded), newest first.',
  })
  accesses!: ParticipantAccessDto[];

  @ApiProperty({
    type: [String],
    description: 'What this copy leaves out, and why (in German).',
  })
  notIncluded!: string[];
}
