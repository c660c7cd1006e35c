import { ReportedNotificationDto } from '../audit/audit.responses';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { DEFERRAL_REASONS, QUESTION_TEXT_MAX } from '@fallverbund/access-questions';
import { IsBoundedInteger, IsCanonicalUuid, IsInstant, MAX_POSITION } from '@fallverbund/http';
import { DATA_CATEGORIES } from '@fallverbund/kernel';
import { ValidateIf } from 'class-validator';

export class AccessesQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0, maximum: MAX_POSITION })
  @IsOptional()
  @IsBoundedInteger('offset', 0)
  offset?: number;

  @ApiPropertyOptional({ type: 'integer', default: 20, minimum: 1, maximum: 100, description: 'Accesses per page.' })
  @IsOptional()
  @IsBoundedInteger('limit', 1, 100)
  limit?: number;

  @ApiPropertyOptional({ enum: DATA_CATEGORIES, description: 'Only accesses that touched this category.' })
  @IsOptional()
  @IsIn(DATA_CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ enum: ['permit', 'deny'], description: 'Only permitted, or only refused, accesses.' })
  @IsOptional()
  @IsIn(['permit', 'deny'])
  decision?: 'permit' | 'deny';
}

export class AgencyRefDto {
  @ApiProperty({ example: 'jugendamt-mitte' })
  id!: string;

  @ApiProperty({ example: 'Jugendamt Mitte' })
  name!: string;
}

export class AccessLegalBasisDto {
  @ApiProperty({ enum: ['consent', 'team', 'statute'] })
  kind!: 'consent' | 'team' | 'statute';

  @ApiPropertyOptional({ format: 'uuid' })
  consentId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the consent was given.' })
  consentGivenAt?: string;

  @ApiPropertyOptional({
    enum: ['participant', 'legal_guardian', 'entrusting_person'],
    description: 'Who gave the consent.',
  })
  consentGivenBy?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The case conference the person agreed to.' })
  conferenceId?: string;

  @ApiPropertyOptional({ example: '§ 35 SGB I', description: 'The norm (a team access: the statutory task).' })
  statute?: string;
}

export class ParticipantAccessDto {
  @ApiProperty({ type: 'integer', description: 'The entry’s index in the audit log (for its proof and questions).' })
  index!: number;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: AgencyRefDto })
  agency!: AgencyRefDto;

  @ApiProperty({ example: 'caseworker', description: 'The role of the person who acted; never who it was.' })
  role!: string;

  @ApiProperty({ example: 'read' })
  action!: string;

  @ApiProperty({ type: [String], example: ['identity', 'case_admin'] })
  categories!: string[];

  @ApiProperty({ example: 'youth_support' })
  purpose!: string;

  @ApiProperty({ type: [AccessLegalBasisDto] })
  legalBasis!: AccessLegalBasisDto[];

  @ApiProperty({ enum: ['permit', 'deny'] })
  decision!: 'permit' | 'deny';
}

export class ParticipantAccessesDto {
  @ApiProperty({ type: [ParticipantAccessDto], description: 'Newest first.' })
  items!: ParticipantAccessDto[];

  @ApiProperty({ type: 'integer', description: 'Accesses matching the filters (held-back ones are not counted).' })
  total!: number;

  @ApiProperty({
    type: [ReportedNotificationDto],
    description: 'Art. 19 GDPR: each recipient told of an erasure or restriction of the case, oldest first.',
  })
  notifications!: ReportedNotificationDto[];
}

export class AskQuestionDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_POSITION, description: 'The access asked about.' })
  @IsBoundedInteger('accessIndex', 0)
  accessIndex!: number;

  @ApiProperty({ minLength: 1, maxLength: QUESTION_TEXT_MAX, example: 'Warum hat das Jugendamt meine Daten gesehen?' })
  @IsString()
  @Length(1, QUESTION_TEXT_MAX)
  text!: string;
}

export class AnswerQuestionDto {
  @ApiProperty({ minLength: 1, maxLength: QUESTION_TEXT_MAX })
  @IsString()
  @Length(1, QUESTION_TEXT_MAX)
  text!: string;
}

export class QuestionAskedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  askedAt!: string;

  @ApiProperty({ format: 'date-time', description: 'Art. 12(3) GDPR: one month after it was received.' })
  dueAt!: string;
}

export class QuestionAnswerDto {
  @ApiProperty({ type: String, nullable: true, description: 'null once the person’s data were erased.' })
  text!: string | null;

  @ApiProperty({ format: 'date-time' })
  answeredAt!: string;
}

export class ParticipantQuestionDto extends QuestionAskedDto {
  @ApiProperty({ type: 'integer' })
  accessIndex!: number;

  @ApiProperty({ type: String, nullable: true, description: 'null once the person’s data were erased.' })
  text!: string | null;

  @ApiPropertyOptional({ type: QuestionAnswerDto })
  answer?: QuestionAnswerDto;
}

export class ParticipantQuestionsDto {
  @ApiProperty({ type: [ParticipantQuestionDto], description: 'Newest first.' })
  items!: ParticipantQuestionDto[];
}

export class DpoQuestionDto extends ParticipantQuestionDto {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ description: 'Unanswered after its due date.' })
  overdue!: boolean;
}

export class DpoQuestionsDto {
  @ApiProperty({ type: [DpoQuestionDto], description: 'Open questions first, each group by due date.' })
  items!: DpoQuestionDto[];
}

export class QuestionIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsCanonicalUuid('questionId')
  questionId!: string;
}

export class QuestionAnsweredDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  answeredAt!: string;
}

export class DeferralCaseParams {
  @ApiProperty({ format: 'uuid' })
  @IsCanonicalUuid('caseId')
  caseId!: string;
}

export class SetDeferralDto {
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'From when the held-back accesses are shown to the person; null: held back until a date is set.',
  })
  @ValidateIf((_, value) => value !== null)
  @IsInstant('releaseAt')
  releaseAt!: string | null;

  @ApiProperty({ enum: DEFERRAL_REASONS, description: 'The legal ground for holding the accesses back.' })
  @IsIn(DEFERRAL_REASONS)
  reason!: string;
}

export class DeferralDto {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  releaseAt!: string | null;

  @ApiProperty({ enum: DEFERRAL_REASONS })
  reason!: string;

  @ApiProperty({ format: 'date-time' })
  setAt!: string;

  @ApiProperty({ example: 'frieda.dpo' })
  setBy!: string;
}

export class HeldBackDto {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ type: 'integer', description: 'Accesses of the case the person cannot see now.' })
  heldBack!: number;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'null: no release date set.' })
  releaseAt!: string | null;

  @ApiProperty({ type: String, nullable: true, enum: DEFERRAL_REASONS, description: 'null: the default hold.' })
  reason!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  setAt!: string | null;
}

export class HeldBackListDto {
  @ApiProperty({ type: [HeldBackDto] })
  items!: HeldBackDto[];
}
