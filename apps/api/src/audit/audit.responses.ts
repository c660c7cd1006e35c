import { ApiProperty, type ApiPropertyOptions, ApiPropertyOptional } from '@nestjs/swagger';
import { PURPOSES } from '@fallverbund/kernel';
import { UNDECLARED_PURPOSE } from '@fallverbund/cases-application';
import { PARTICIPANT_PURPOSE } from '@fallverbund/participant';

/**
 * The agencies' purposes, the participant's own accesses (data_subject_access), and the marker of a
 * request refused without a declared purpose (a participant declares none).
 */
const ENTRY_PURPOSES = [...PURPOSES, PARTICIPANT_PURPOSE, UNDECLARED_PURPOSE];

const HEX_HASH = { pattern: '^[0-9a-f]{64}$', description: 'SHA-256, lower-case hex.' };

export class AuditActorDto {
  @ApiProperty({ example: 'anna.coach' })
  userId!: string;

  @ApiProperty({ example: 'caseworker' })
  role!: string;

  @ApiProperty({ example: 'jobcenter-mitte' })
  agencyId!: string;
}

/** One access as the log records it: never content, never a name. */
export class AuditEntryDto {
  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: AuditActorDto })
  actor!: AuditActorDto;

  @ApiProperty({ example: 'read', description: 'read, list, record, grant_consent, …' })
  action!: string;

  @ApiProperty({ example: 'GET /api/cases/{id}' })
  route!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The case, or null for an access not about one case.' })
  caseRef!: string | null;

  @ApiProperty({ type: [String], example: ['identity', 'case_admin'] })
  categories!: string[];

  @ApiProperty({ enum: ENTRY_PURPOSES })
  purpose!: string;

  @ApiProperty({ type: [String], example: ['team'], description: "'team', 'consent:<id>', or a statute." })
  legalBasis!: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'A disclosure: per category passed on, the basis the discloser holds it on.',
  })
  categoryBasis?: Record<string, string>;

  @ApiProperty({ enum: ['permit', 'deny'] })
  decision!: 'permit' | 'deny';

  @ApiProperty({ example: '2026-12-04' })
  policyVersion!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The request (X-Request-Id); absent in old entries.' })
  requestId?: string;

  @ApiProperty({ type: String, nullable: true })
  correlationId!: string | null;

  @ApiProperty({ type: 'integer', example: 200, description: 'HTTP status of the answer.' })
  outcome!: number;

  @ApiProperty({ description: 'Data left the lead agency.' })
  disclosure!: boolean;

  @ApiProperty({ description: 'Access under § 8a SGB VIII (child protection) without consent.' })
  breakGlass!: boolean;
}

export class AuditSearchItemDto {
  @ApiProperty({ type: 'integer', minimum: 0 })
  index!: number;

  @ApiProperty({ type: AuditEntryDto })
  entry!: AuditEntryDto;

  @ApiProperty(HEX_HASH)
  leafHash!: string;
}

export class AuditSearchResultDto {
  @ApiProperty({ type: [AuditSearchItemDto] })
  items!: AuditSearchItemDto[];

  @ApiProperty({ type: 'integer', nullable: true, description: 'Pass as `after` for the next page; null on the last.' })
  next!: number | null;
}

/** A record of the log: the entry (null once erased at the end of its retention), its salt and hashes. */
export class AuditRecordDto {
  @ApiProperty({ type: 'integer', minimum: 0 })
  index!: number;

  @ApiProperty({ type: AuditEntryDto, nullable: true })
  entry!: AuditEntryDto | null;

  @ApiProperty({ type: String, nullable: true, description: 'Hex; null once erased.' })
  salt!: string | null;

  @ApiProperty(HEX_HASH)
  digest!: string;

  @ApiProperty(HEX_HASH)
  leafHash!: string;
}

export class CheckpointDto {
  @ApiProperty({ type: 'integer', minimum: 0 })
  treeSize!: number;

  @ApiProperty(HEX_HASH)
  rootHash!: string;

  @ApiProperty({ format: 'date-time' })
  issuedAt!: string;

  @ApiProperty({ description: 'Base64 Ed25519 signature.' })
  signature!: string;

  @ApiProperty()
  keyId!: string;
}

export class SignedCheckpointDto {
  @ApiProperty({ type: CheckpointDto })
  checkpoint!: CheckpointDto;

  @ApiProperty({ type: String, nullable: true, description: 'The PEM public key that verifies the signature.' })
  publicKeyPem!: string | null;
}

export class InclusionProofDto {
  @ApiProperty({ type: 'integer', minimum: 0 })
  index!: number;

  @ApiProperty({ type: 'integer', minimum: 1 })
  treeSize!: number;

  @ApiProperty(HEX_HASH)
  rootHash!: string;

  @ApiProperty({ type: AuditRecordDto })
  record!: AuditRecordDto;

  @ApiProperty({ type: [String], description: 'RFC 6962 audit path, hex.' })
  proof!: string[];
}

export class ConsistencyProofDto {
  @ApiProperty({ type: 'integer', minimum: 1 })
  fromSize!: number;

  @ApiProperty({ type: 'integer', minimum: 1 })
  toSize!: number;

  @ApiProperty(HEX_HASH)
  fromRoot!: string;

  @ApiProperty(HEX_HASH)
  toRoot!: string;

  @ApiProperty({ type: [String], description: 'RFC 6962 consistency proof, hex.' })
  proof!: string[];
}

/** `valid: true` with size and root, or `valid: false` with where and why. */
export class VerifyResultDto {
  @ApiProperty()
  valid!: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'When valid: the entries checked.' })
  size?: number;

  @ApiPropertyOptional({ ...HEX_HASH, description: 'When valid: the root of the log.' })
  root?: string;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    description: 'When invalid: the first bad entry; null when only a root disagrees.',
  })
  firstBadIndex?: number | null;

  @ApiPropertyOptional({ description: 'When invalid: why.' })
  reason?: string;

  @ApiProperty({ type: CheckpointDto, nullable: true, description: 'The newest checkpoint, if any.' })
  checkpoint!: CheckpointDto | null;

  @ApiProperty({ description: 'Whether the log was checked against that checkpoint (signed with this server’s key).' })
  checkpointChecked!: boolean;
}

export class AccessSignalDto {
  @ApiProperty({
    example: 'many_cases',
    description: 'outside_caseload, many_cases, break_glass, access_after_denied_withdrawal, …',
  })
  kind!: string;

  @ApiPropertyOptional({ type: AuditActorDto })
  actor?: AuditActorDto;

  @ApiProperty({ type: [Number], description: 'Log indexes behind the signal (at most 50).' })
  indexes!: number[];

  @ApiPropertyOptional({ type: 'integer', description: 'outside_caseload: refused attempts.' })
  attempts?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'outside_caseload, many_cases: distinct cases.' })
  cases?: number;

  @ApiPropertyOptional({ format: 'date-time' })
  first?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  last?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  windowStart?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  windowEnd?: string;

  @ApiPropertyOptional({ description: 'break_glass, access_after_denied_withdrawal: the case.' })
  caseRef?: string;

  @ApiPropertyOptional({ type: 'integer', description: 'break_glass: accesses under § 8a.' })
  accesses?: number;

  @ApiPropertyOptional(<ApiPropertyOptions>(<unknown>{
    type: 'object',
    required: ['index', 'occurredAt', 'actor'],
    properties: {
      index: { type: 'integer' },
      occurredAt: { type: 'string', format: 'date-time' },
      actor: { $ref: '#/components/schemas/AuditActorDto' },
    },
    description: 'access_after_denied_withdrawal: the refused withdrawal.',
  }))
  deniedWithdrawal?: { index: number; occurredAt: string; actor: AuditActorDto };

  @ApiPropertyOptional({ type: 'integer' })
  laterAccesses?: number;

  @ApiPropertyOptional({ type: [String] })
  agencies?: string[];
}

export class AccessSignalsDto {
  @ApiProperty({ format: 'date-time' })
  from!: string;

  @ApiProperty({ format: 'date-time' })
  to!: string;

  @ApiProperty({ type: 'integer', description: 'Entries scanned (the range and its look-back).' })
  scanned!: number;

  @ApiProperty({ description: 'The scan stopped at its limit; narrow the range.' })
  truncated!: boolean;

  @ApiProperty({ type: [AccessSignalDto] })
  signals!: AccessSignalDto[];
}

export class ReportedAgencyDto {
  @ApiProperty({ example: 'jobcenter-mitte' })
  id!: string;

  @ApiProperty({ example: 'Jobcenter Mitte' })
  name!: string;
}

export class ReportedPersonDto {
  @ApiProperty({ example: 'anna.coach' })
  userId!: string;

  @ApiPropertyOptional({ example: 'Anna Berger' })
  name?: string;

  @ApiProperty({ example: 'caseworker' })
  role!: string;
}

export class ReportedAccessDto {
  @ApiProperty({ type: 'integer', description: 'Position in the audit log (for an inclusion proof).' })
  index!: number;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: ReportedAgencyDto })
  agency!: ReportedAgencyDto;

  @ApiProperty({ type: ReportedPersonDto })
  recipient!: ReportedPersonDto;

  @ApiProperty({ example: 'read' })
  action!: string;

  @ApiProperty({ type: [String] })
  categories!: string[];

  @ApiProperty({ enum: ENTRY_PURPOSES })
  purpose!: string;

  @ApiProperty({ type: [String] })
  legalBasis!: string[];

  @ApiProperty({ description: 'The data left the agency that leads the case.' })
  disclosure!: boolean;

  @ApiProperty({ description: 'Opened under § 8a SGB VIII without consent.' })
  breakGlass!: boolean;
}

export class ReportedRecipientPersonDto {
  @ApiProperty({ example: 'anna.coach' })
  userId!: string;

  @ApiPropertyOptional({ example: 'Anna Berger' })
  name?: string;
}

export class ReportedRecipientDto {
  @ApiProperty({ example: 'jobcenter-mitte' })
  agencyId!: string;

  @ApiProperty({ example: 'Jobcenter Mitte' })
  agencyName!: string;

  @ApiPropertyOptional({ example: 'jobcenter' })
  agencyType?: string;

  @ApiProperty({ type: [ReportedRecipientPersonDto] })
  people!: ReportedRecipientPersonDto[];

  @ApiProperty({ type: [String] })
  categories!: string[];

  @ApiProperty({ type: [String] })
  purposes!: string[];

  @ApiProperty({ type: [String] })
  legalBases!: string[];

  @ApiProperty({ type: 'integer' })
  accesses!: number;

  @ApiProperty({ format: 'date-time' })
  firstAccess!: string;

  @ApiProperty({ format: 'date-time' })
  lastAccess!: string;

  @ApiProperty()
  disclosure!: boolean;
}

export class ReportedParticipantDto {
  @ApiProperty({ example: 'Mara' })
  givenName!: string;

  @ApiProperty({ example: 'Beispiel' })
  familyName!: string;

  @ApiPropertyOptional({ format: 'date' })
  birthDate?: string;
}

export class ReportedConsentDto {
  @ApiProperty({ format: 'uuid' })
  consentId!: string;

  @ApiProperty({ enum: ['written', 'electronic', 'verbal'] })
  form!: string;

  @ApiProperty({ enum: ['participant', 'legal_guardian', 'entrusting_person'] })
  grantedBy!: string;

  @ApiProperty({ format: 'date-time' })
  grantedAt!: string;
}

export class ReportedConferenceDto {
  @ApiProperty({ format: 'uuid' })
  conferenceId!: string;

  @ApiProperty({ format: 'date-time' })
  plannedFor!: string;
}

export class ReportLogDto {
  @ApiProperty({ type: 'integer' })
  treeSize!: number;

  @ApiProperty(HEX_HASH)
  rootHash!: string;

  @ApiProperty({ type: CheckpointDto, nullable: true })
  checkpoint!: CheckpointDto | null;
}

/** Who received or consulted which categories of a case, when, why and on which basis. */
export class NotifiedRecipientDto {
  @ApiProperty({ enum: ['agency', 'partner_stream'] })
  kind!: string;

  @ApiProperty({ example: 'jugendamt-mitte' })
  id!: string;

  @ApiProperty({ example: 'Jugendamt Mitte' })
  name!: string;
}

/** Art. 19 GDPR: one recipient told of an erasure or restriction. */
export class ReportedNotificationDto {
  @ApiProperty({ type: NotifiedRecipientDto })
  recipient!: NotifiedRecipientDto;

  @ApiProperty({ enum: ['participant_erased', 'categories_erased', 'restricted', 'restriction_lifted'] })
  trigger!: string;

  @ApiProperty({ type: [String], example: ['health'] })
  categories!: string[];

  @ApiProperty({ format: 'date-time' })
  notifiedAt!: string;

  @ApiProperty({
    example: 'Mitteilung nach Art. 19 DSGVO an Jugendamt Mitte am 5. Dezember 2026: Löschung Ihrer Daten',
  })
  line!: string;
}

export class AccessReportDto {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ type: ReportedParticipantDto, nullable: true, description: 'Null once their data were erased.' })
  participant!: ReportedParticipantDto | null;

  @ApiProperty({ type: [ReportedConsentDto] })
  consents!: ReportedConsentDto[];

  @ApiProperty({ type: [ReportedConferenceDto] })
  conferences!: ReportedConferenceDto[];

  @ApiProperty({
    type: [ReportedNotificationDto],
    description: 'Art. 19 GDPR: each recipient told of an erasure or restriction of the case, oldest first.',
  })
  notifications!: ReportedNotificationDto[];

  @ApiProperty({ format: 'date-time' })
  generatedAt!: string;

  @ApiProperty({ type: [ReportedRecipientDto] })
  recipients!: ReportedRecipientDto[];

  @ApiProperty({ type: [ReportedAccessDto] })
  accesses!: ReportedAccessDto[];

  @ApiProperty({
    type: 'integer',
    description: 'Refused attempts to access the case (401, 403, 404): no data were shown.',
  })
  refusedAttempts!: number;

  @ApiProperty({
    type: 'integer',
    description: 'Requests refused for their input (400, 409, 412, …): nothing was read or changed.',
  })
  refusedRequests!: number;

  @ApiProperty({ type: 'integer', description: 'Accesses of a category the reader of the report may not read.' })
  withheldAccesses!: number;

  @ApiProperty({ type: ReportLogDto, description: 'The log the report was drawn from.' })
  log!: ReportLogDto;
}
