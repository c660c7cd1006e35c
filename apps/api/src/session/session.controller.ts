import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { declarablePurposes, POLICY_VERSION, PURPOSE_NEEDS } from '@fallverbund/access-policy';
import { CurrentPrincipal, Directory, ForAnyone, SessionAgencyDto } from '@fallverbund/identity';
import {
  DATA_CATEGORIES,
  isParticipant,
  type DataCategory,
  PURPOSES,
  type Principal,
  type Purpose,
  type Role,
  ROLES,
} from '@fallverbund/kernel';

export class DeclarablePurposeDto {
  @ApiProperty({ enum: PURPOSES, example: 'integration' })
  purpose!: Purpose;

  @ApiProperty({ description: "One of the agency's statutory purposes (its own cases are worked under these)." })
  statutory!: boolean;

  @ApiProperty({
    enum: DATA_CATEGORIES,
    isArray: true,
    description: 'The categories the purpose may need at all (docs/access-policy.md, table 2).',
  })
  needs!: DataCategory[];
}

export class PurposeNeedsDto {
  @ApiProperty({ enum: PURPOSES, example: 'coordination' })
  purpose!: Purpose;

  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true })
  needs!: DataCategory[];
}

export class SessionDto {
  @ApiProperty({ example: 'anna.coach' })
  userId!: string;

  @ApiProperty({ example: 'Anna Coach' })
  displayName!: string;

  @ApiProperty({ enum: ROLES, example: 'caseworker' })
  role!: Role;

  @ApiPropertyOptional({ type: SessionAgencyDto, description: 'Absent for a participant, who has no agency.' })
  agency?: SessionAgencyDto;

  @ApiProperty({
    type: [DeclarablePurposeDto],
    description:
      "The purposes the caller can work under, the agency's statutory ones first (the first is the default). Each request is still decided on its own.",
  })
  purposes!: DeclarablePurposeDto[];

  @ApiProperty({
    type: [PurposeNeedsDto],
    description:
      'Table 2 of docs/access-policy.md for every purpose: what it may need at all (what a consent for it can cover, what a withheld category would need).',
  })
  purposeNeeds!: PurposeNeedsDto[];

  @ApiProperty({ description: 'The version of docs/access-policy.md the API decides by.', example: '2026-12-04.3' })
  policyVersion!: string;
}

/**
 * Who the caller is to the API and which purposes the policy lets them declare: the web workspace's
 * purpose control asks here instead of copying the policy's tables. No case data, so no purpose is
 * declared and no audit entry written (docs/access-policy.md, routes).
 */
@ApiTags('session')
@ApiBearerAuth()
@Controller('api/session')
export class SessionController {
  constructor(@Inject(Directory) private readonly directory: Directory) {}

  @Get()
  @ForAnyone()
  @ApiOperation({
    summary: 'The signed-in user, the agency and the purposes the user can declare (a participant: none, no agency)',
  })
  @ApiOkResponse({ type: SessionDto })
  get(@CurrentPrincipal() actor: Principal): SessionDto {
    const purposeNeeds = PURPOSES.map((purpose) => ({ purpose, needs: [...PURPOSE_NEEDS[purpose]] }));
    if (isParticipant(actor)) {
      // A participant declares no purpose: every /api/me read is the data subject's own access.
      const { userId, displayName, role } = actor;
      return { userId, displayName, role, purposes: [], purposeNeeds, policyVersion: POLICY_VERSION };
    }
    const agency = this.directory.agency(actor.agencyId);
    return {
      userId: actor.userId,
      displayName: actor.displayName,
      role: actor.role,
      agency: { id: actor.agencyId, name: agency?.name ?? actor.agencyId, type: actor.agencyType },
      purposes: declarablePurposes(actor).map((p) => ({ ...p, needs: [...p.needs] })),
      purposeNeeds,
      policyVersion: POLICY_VERSION,
    };
  }
}
