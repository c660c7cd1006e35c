import { ApiProperty } from '@nestjs/swagger';

export class CaseloadRatioDto {
  @ApiProperty({ example: '1:25', description: 'CASELOAD_TARGET: cases per coach.' })
  target!: string;

  @ApiProperty({ example: 12 })
  min!: number;

  @ApiProperty({ example: 35 })
  max!: number;
}

export class CoachCaseloadDto {
  @ApiProperty({ example: 'anna.coach' })
  coachUserId!: string;

  @ApiProperty({ example: 27, description: 'Cases active or in aftercare on which the user coaches.' })
  cases!: number;

  @ApiProperty({ example: true, description: 'More cases than the target.' })
  overTarget!: boolean;
}

export class NoContactDto {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ type: [String], example: ['anna.coach'] })
  coachUserIds!: string[];

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Null: no contact yet.' })
  lastContactAt!: string | null;

  @ApiProperty({ example: 34, description: 'Whole days since the latest contact, or since opening without one.' })
  daysSince!: number;
}

export class WaitingReferralDto {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty()
  referralId!: string;

  @ApiProperty({ example: 'suchtberatung-nord' })
  partnerAgencyId!: string;

  @ApiProperty({ format: 'date-time' })
  sentAt!: string;

  @ApiProperty({ example: 12 })
  daysWaiting!: number;

  @ApiProperty({ enum: ['sent', 'accepted'] })
  status!: 'sent' | 'accepted';
}

export class OverduePlanStepDto {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ example: 's1' })
  stepId!: string;

  @ApiProperty({ example: '2026-11-01' })
  dueDate!: string;

  @ApiProperty({ example: 3 })
  daysOverdue!: number;
}

export class TeamSignalsDto {
  @ApiProperty({ type: CaseloadRatioDto })
  ratio!: CaseloadRatioDto;

  @ApiProperty({ type: [CoachCaseloadDto] })
  caseload!: CoachCaseloadDto[];

  @ApiProperty({ type: [NoContactDto] })
  noContact30Days!: NoContactDto[];

  @ApiProperty({ type: [WaitingReferralDto] })
  referralsWaiting!: WaitingReferralDto[];

  @ApiProperty({
    description:
      'Waiting referrals not listed because their partner reveals a category coordination does not need (an addiction or health service).',
  })
  referralsWithheld!: number;

  @ApiProperty({ type: [OverduePlanStepDto] })
  overduePlanSteps!: OverduePlanStepDto[];
}
