import { ApiProperty } from '@nestjs/swagger';
import { AGENCY_TYPES, DATA_CATEGORIES, PARTNER_SERVICES, PURPOSES } from '@fallverbund/kernel';
import { END_ACTIONS, RETENTION_DOMAINS, START_EVENTS } from '@fallverbund/retention';

export class LocalizedTextDto {
  @ApiProperty({ example: 'Fallkoordination' })
  de!: string;

  @ApiProperty({ example: 'Case coordination' })
  en!: string;
}

export class ControllerDto {
  @ApiProperty({ example: 'jobcenter-mitte' })
  agencyId!: string;

  @ApiProperty({ example: 'Jobcenter Mitte' })
  name!: string;

  @ApiProperty({ enum: AGENCY_TYPES })
  type!: string;
}

export class RetentionPeriodDto {
  @ApiProperty({ enum: RETENTION_DOMAINS, description: 'The legal domain of a controller (docs/retention.md).' })
  domain!: string;

  @ApiProperty({ example: 'sgb2-file' })
  classId!: string;

  @ApiProperty({ example: 'P10Y', description: 'ISO-8601 duration.' })
  period!: string;

  @ApiProperty({ enum: START_EVENTS })
  startsAt!: string;

  @ApiProperty({ enum: END_ACTIONS })
  atTheEnd!: string;

  @ApiProperty({ example: '§ 630f Abs. 3 BGB' })
  legalSource!: string;
}

export class RecordCategoryDto {
  @ApiProperty({ enum: DATA_CATEGORIES })
  category!: string;

  @ApiProperty({ type: [RetentionPeriodDto], description: 'One period in each legal domain of the controllers.' })
  retention!: RetentionPeriodDto[];
}

export class RecipientDto {
  @ApiProperty({ enum: ['team', 'supervision', 'consent', 'referral', 'child_protection', 'data_protection_officer'] })
  rule!: string;

  @ApiProperty({ enum: AGENCY_TYPES, isArray: true })
  agencyTypes!: string[];

  @ApiProperty({
    enum: PARTNER_SERVICES,
    isArray: true,
    description: 'Partner kinds that may receive under this rule.',
  })
  partnerServices!: string[];

  @ApiProperty({ example: 'consent:<id>' })
  basis!: string;

  @ApiProperty({ description: 'Staff of the controller itself (not a transfer to another body).' })
  internal!: boolean;
}

export class SafeguardDto {
  @ApiProperty({ example: 'subject_key_encryption' })
  id!: string;

  @ApiProperty()
  de!: string;

  @ApiProperty()
  en!: string;

  @ApiProperty({ example: 'docs/decisions.md' })
  source!: string;
}

export class ProcessingActivityDto {
  @ApiProperty({ enum: PURPOSES })
  purpose!: string;

  @ApiProperty({ type: LocalizedTextDto })
  name!: LocalizedTextDto;

  @ApiProperty({ type: LocalizedTextDto })
  description!: LocalizedTextDto;

  @ApiProperty({ type: [String] })
  legalBases!: string[];

  @ApiProperty({
    type: [ControllerDto],
    description: 'The agencies that pursue this purpose (each its own controller).',
  })
  controllers!: ControllerDto[];

  @ApiProperty({ enum: RETENTION_DOMAINS, isArray: true })
  legalDomains!: string[];

  @ApiProperty({ enum: ['participants', 'children_of_participants', 'staff'], isArray: true })
  dataSubjects!: string[];

  @ApiProperty({ type: [RecordCategoryDto] })
  categories!: RecordCategoryDto[];

  @ApiProperty({ type: [RecipientDto] })
  recipients!: RecipientDto[];

  @ApiProperty({ enum: ['none'] })
  thirdCountryTransfers!: string;

  @ApiProperty({ type: [SafeguardDto] })
  safeguards!: SafeguardDto[];
}

/** The record of processing activities (Verzeichnis von Verarbeitungstätigkeiten, Art. 30 GDPR). */
export class RecordsOfProcessingDto {
  @ApiProperty({ example: '2026-12-04.3', description: 'The version of docs/access-policy.md.' })
  policyVersion!: string;

  @ApiProperty({ example: '2026-12-05.1', description: 'The version of docs/retention.md.' })
  retentionVersion!: string;

  @ApiProperty({ type: [ProcessingActivityDto] })
  activities!: ProcessingActivityDto[];
}
