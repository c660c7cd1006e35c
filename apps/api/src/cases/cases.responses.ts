import { ApiProperty, type ApiPropertyOptions, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ErasedDto, textOrErased } from '@fallverbund/http';
import { DATA_CATEGORIES, PURPOSES, type DataCategory } from '@fallverbund/kernel';

/** The answer of a write that changes a stream without creating anything: its new version (also the ETag). */
export class VersionDto {
  @ApiProperty({ type: 'integer', example: 4, description: 'The case version after the write (also in ETag).' })
  version!: number;
}

/** The answer of a write that creates nothing to name: an empty object. */
export class EmptyDto {}

export class ActorRefDto {
  @ApiProperty({ example: 'anna.coach' })
  userId!: string;

  @ApiProperty({ example: 'jobcenter-mitte' })
  agencyId!: string;
}

export class ParticipantViewDto {
  @ApiProperty({ example: 'Mara' })
  givenName!: string;

  @ApiProperty({ example: 'Beispiel' })
  familyName!: string;

  @ApiProperty({ format: 'date', example: '1990-04-01' })
  birthDate!: string;
}

export class TeamMemberViewDto {
  @ApiProperty({ example: 'anna.coach' })
  userId!: string;

  @ApiProperty({ example: 'jobcenter-mitte' })
  agencyId!: string;

  @ApiProperty({ example: 'caseworker' })
  role!: string;

  @ApiProperty({ format: 'date-time' })
  addedAt!: string;
}

export class CaseAdminViewDto {
  @ApiProperty({ example: 'jobcenter-mitte' })
  leadAgencyId!: string;

  @ApiProperty({ example: 'active', description: 'active, aftercare or closed.' })
  status!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Set while the case is closed.' })
  exitReason!: string | null;

  @ApiProperty({
    type: [String],
    example: ['2027-01-15'],
    description: 'Follow-up dates (YYYY-MM-DD) of the aftercare.',
  })
  followUps!: string[];

  @ApiProperty({ type: [TeamMemberViewDto] })
  team!: TeamMemberViewDto[];

  @ApiProperty({
    type: 'integer',
    description:
      'Members whose agency reveals a category the reader may not read (a health provider, an addiction service).',
  })
  withheldTeamMembers!: number;

  @ApiProperty({ format: 'date-time' })
  openedAt!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'When the first contact took place (intake: `firstContactAt` when the case was opened, else the opening). Null for a case whose read model was written before this field and not rebuilt since.',
  })
  firstContactAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class HealthNoteViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty(textOrErased())
  text!: string | ErasedDto;

  @ApiProperty({ type: ActorRefDto })
  author!: ActorRefDto;

  @ApiProperty({ description: 'Under professional secrecy (§ 203 StGB).' })
  secrecy!: boolean;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class HealthSectionDto {
  @ApiProperty({ type: [HealthNoteViewDto] })
  notes!: HealthNoteViewDto[];

  @ApiProperty({ type: 'integer' })
  withheldNotes!: number;
}

export class EntrustedNoteViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty(textOrErased())
  text!: string | ErasedDto;

  @ApiProperty({ example: 'participant', description: 'participant, legal_guardian or other_person.' })
  entrustedBy!: string;

  @ApiProperty({ type: ActorRefDto })
  author!: ActorRefDto;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class YouthWelfareSectionDto {
  @ApiProperty({ type: [EntrustedNoteViewDto] })
  notes!: EntrustedNoteViewDto[];

  @ApiProperty({ type: 'integer' })
  withheldNotes!: number;
}

export class CaseAccessDto {
  @ApiProperty({ enum: PURPOSES })
  purpose!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { identity: 'team', contacts: 'consent:5b0d…' },
    description: 'Per data category given, the legal basis it was given on.',
  })
  legalBasis!: Partial<Record<DataCategory, string>>;

  @ApiProperty({
    enum: DATA_CATEGORIES,
    isArray: true,
    example: ['identity', 'case_admin', 'contacts'],
    description:
      'The categories this reader may record on this case under the declared purpose (what a client offers ' +
      'forms for; each command is still decided on its own, e.g. consents only by the lead agency).',
  })
  recordable!: DataCategory[];

  @ApiProperty({
    description:
      'Whether this reader may send a referral on this case: recording referrals on the team or consent rule. ' +
      "A referral's partner agency answers that referral (recordable names referrals) but does not refer the " +
      'participant on.',
  })
  mayRefer!: boolean;
}

/** A case as one caller may see it: the sections the policy grants; the others named in `withheld`. */
export class AccuracyDisputedDto {
  @ApiProperty({
    enum: DATA_CATEGORIES,
    isArray: true,
    nullable: true,
    description: 'The disputed categories; null: the case as a whole.',
  })
  categories!: DataCategory[] | null;

  @ApiProperty({ format: 'date-time' })
  since!: string;
}

export class CaseViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: 'integer', description: 'The case version (also the ETag).' })
  version!: number;

  @ApiPropertyOptional({
    oneOf: [{ $ref: getSchemaPath(ParticipantViewDto) }, { $ref: getSchemaPath(ErasedDto) }],
    description: 'Category identity.',
  })
  participant?: ParticipantViewDto | ErasedDto;

  @ApiPropertyOptional({ type: CaseAdminViewDto, description: 'Category case_admin.' })
  caseAdmin?: CaseAdminViewDto;

  @ApiPropertyOptional({ type: HealthSectionDto, description: 'Category health.' })
  health?: HealthSectionDto;

  @ApiPropertyOptional({ type: YouthWelfareSectionDto, description: 'Category youth_welfare (§ 65 SGB VIII).' })
  youthWelfare?: YouthWelfareSectionDto;

  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true, description: 'The categories this reader is not given.' })
  withheld!: DataCategory[];

  @ApiProperty({ type: CaseAccessDto })
  access!: CaseAccessDto;

  @ApiProperty({
    enum: DATA_CATEGORIES,
    isArray: true,
    description:
      'Categories this reader would be given but whose processing is restricted (§ 84 SGB X); asked for, they answer 403 CASE.RESTRICTED.',
  })
  restricted!: DataCategory[];

  @ApiProperty({
    type: AccuracyDisputedDto,
    nullable: true,
    description:
      'The person disputes the accuracy of the case or of some categories ("Richtigkeit bestritten"); null when not.',
  })
  accuracyDisputed!: AccuracyDisputedDto | null;
}

export class TimelineEntryDto {
  @ApiProperty({ format: 'uuid' })
  eventId!: string;

  @ApiProperty({ type: 'integer' })
  version!: number;

  @ApiProperty({ example: 'ContactRecorded' })
  type!: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: ActorRefDto })
  actor!: ActorRefDto;

  @ApiProperty({ example: 'integration' })
  purpose!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'What the entry is about, without content.',
  })
  details!: Record<string, string>;
}

export class CaseTimelineDto {
  @ApiProperty({ type: [TimelineEntryDto] })
  items!: TimelineEntryDto[];

  @ApiProperty({ type: 'integer', description: 'Entries revealing a category the reader may not read.' })
  withheldEntries!: number;
}

/** A consent in full, or (`reduced: true`) reduced to id, form, dates and state for the lead agency. */
export class ConsentViewDto {
  @ApiProperty({ format: 'uuid' })
  consentId!: string;

  @ApiPropertyOptional({ enum: PURPOSES, isArray: true, description: 'Absent when reduced.' })
  purposes?: string[];

  @ApiPropertyOptional({ enum: DATA_CATEGORIES, isArray: true, description: 'Absent when reduced.' })
  dataCategories?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Absent when reduced.' })
  recipientAgencyIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Absent when reduced.' })
  recipientUserIds?: string[];

  @ApiProperty({ type: String, nullable: true, format: 'date', description: 'The last day it is valid (YYYY-MM-DD).' })
  validUntil!: string | null;

  @ApiProperty({ example: 'written' })
  form!: string;

  @ApiProperty({ example: 'participant' })
  grantedBy!: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Absent when reduced.' })
  evidenceRef?: string | null;

  @ApiProperty({ example: 'anna.coach' })
  recordedBy!: string;

  @ApiProperty({ format: 'date-time' })
  grantedAt!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  withdrawnAt!: string | null;

  @ApiProperty()
  active!: boolean;

  @ApiPropertyOptional({ enum: [true], description: 'Present (true) when the consent is shown reduced.' })
  reduced?: true;
}

export class ConsentListDto {
  @ApiProperty({ type: [ConsentViewDto] })
  items!: ConsentViewDto[];
}

export class ChildProtectionDeclaredDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time', description: 'The access ends 72 hours after the declaration.' })
  expiresAt!: string;
}

export class ChildProtectionDeclarationViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ example: 'jonas.youth' })
  userId!: string;

  @ApiProperty({ example: 'jugendamt-mitte' })
  agencyId!: string;

  @ApiProperty(
    textOrErased(
      "Sealed under the participant's key (category youth_welfare): erased with the key or with the category.",
    ),
  )
  justification!: string | ErasedDto;

  @ApiProperty({ format: 'date-time' })
  declaredAt!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty()
  active!: boolean;
}

export class ChildProtectionDeclarationListDto {
  @ApiProperty({ type: [ChildProtectionDeclarationViewDto] })
  items!: ChildProtectionDeclarationViewDto[];
}

const contactFields = {
  kind: { type: 'string', example: 'in_person' },
  occurredAt: { type: 'string', format: 'date-time' },
  durationMinutes: { type: 'integer' },
  participants: { type: 'array', items: { type: 'string' }, description: 'Roles, never names.' },
  summary: {
    ...textOrErased('Absent when its category is one the reader may not read.', true),
  },
  summaryCategory: { type: 'string', enum: [...DATA_CATEGORIES] },
} satisfies Record<string, ApiPropertyOptions>;

export class ContactFieldsDto {
  @ApiProperty(contactFields.kind)
  kind!: string;

  @ApiProperty(contactFields.occurredAt)
  occurredAt!: string;

  @ApiProperty(contactFields.durationMinutes)
  durationMinutes!: number;

  @ApiProperty(contactFields.participants)
  participants!: string[];

  @ApiPropertyOptional(contactFields.summary)
  summary?: string | null | ErasedDto;

  @ApiPropertyOptional(contactFields.summaryCategory)
  summaryCategory?: DataCategory;
}

export class ContactCorrectionViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({
    type: 'object',
    properties: contactFields,
    additionalProperties: false,
    description: 'The fields the correction changed, with their new values.',
  })
  changes!: Partial<ContactFieldsDto>;

  @ApiPropertyOptional(textOrErased('Absent when its category is one the reader may not read.'))
  reason?: string | ErasedDto;

  @ApiPropertyOptional({ enum: DATA_CATEGORIES })
  reasonCategory?: DataCategory;

  @ApiProperty({ example: 'anna.coach' })
  correctedBy!: string;

  @ApiProperty({ format: 'date-time' })
  correctedAt!: string;
}

export class ContactViewDto extends ContactFieldsDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'anna.coach' })
  recordedBy!: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;

  @ApiProperty({ type: ContactFieldsDto, description: 'The contact as first recorded.' })
  original!: ContactFieldsDto;

  @ApiProperty({ type: [ContactCorrectionViewDto] })
  corrections!: ContactCorrectionViewDto[];

  @ApiProperty({ type: 'integer', description: 'Texts of this contact of a category the reader may not read.' })
  withheldTexts!: number;
}

export class ContactListDto {
  @ApiProperty({ type: [ContactViewDto] })
  items!: ContactViewDto[];
}
