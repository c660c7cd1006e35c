import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AGENCY_TYPES, type AgencyType, type Role, ROLES } from '@fallverbund/kernel';
import { Public } from './auth.decorators';
import { type Directory } from './directory';

export class SessionAgencyDto {
  @ApiProperty({ example: 'jobcenter-mitte' })
  id!: string;

  @ApiProperty({ example: 'Jobcenter Mitte' })
  name!: string;

  @ApiProperty({ enum: AGENCY_TYPES, example: 'jobcenter' })
  type!: AgencyType;
}

export class DemoUserDto {
  @ApiProperty({ example: 'anna.coach' })
  userId!: string;

  @ApiProperty({ example: 'anna.coach' })
  displayName!: string;

  @ApiProperty({ enum: ROLES, example: 'caseworker' })
  role!: Role;

  @ApiPropertyOptional({ type: SessionAgencyDto, description: 'Absent for a participant, who has no agency.' })
  agency?: SessionAgencyDto;
}

export class OidcClientConfigDto {
  @ApiProperty({ example: 'https://login.example.org/realms/fallverbund' })
  issuer!: string;

  @ApiProperty({ description: 'The public client of the web workspace (OIDC_CLIENT_ID)', example: 'fallverbund-web' })
  clientId!: string;
}

export class SessionConfigDto {
  @ApiProperty({ enum: ['embedded', 'production'] })
  profile!: 'embedded' | 'production';

  @ApiPropertyOptional({ type: OidcClientConfigDto, description: 'Production: where the web signs in (PKCE).' })
  oidc?: OidcClientConfigDto;

  @ApiPropertyOptional({
    type: [DemoUserDto],
    description: 'Embedded: the demo users a token can be had for from POST /api/dev/token.',
  })
  demoUsers?: DemoUserDto[];
}

/** What the web workspace needs before anyone signs in; set by IdentityModule.forRoot. */
export const SESSION_CONFIG = Symbol('SESSION_CONFIG');

export const sessionConfigFor = (
  options: { profile: 'embedded' } | { profile: 'production'; issuer: string; clientId: string },
  directory: Directory,
): SessionConfigDto => {
  if (options.profile === 'production') {
    return { profile: 'production', oidc: { issuer: options.issuer, clientId: options.clientId } };
  }
  const demoUsers = directory.userIds().flatMap((id): DemoUserDto[] => {
    const user = directory.user(id);
    const agency = user && directory.agency(user.agencyId);
    return user && agency
      ? [{ userId: user.id, displayName: user.displayName, role: user.role, agency: { ...agency } }]
      : [];
  });
  const demoParticipants = directory.participantIds().flatMap((id): DemoUserDto[] => {
    const participant = directory.participant(id);
    return participant ? [{ userId: participant.id, displayName: participant.displayName, role: 'participant' }] : [];
  });
  return { profile: 'embedded', demoUsers: [...demoUsers, ...demoParticipants] };
};

/**
 * Public: how to sign in to this instance. Holds no case data and no personal data of participants:
 * the profile, the OIDC issuer and client id (production), or the demo users (embedded).
 */
@ApiTags('session')
@Controller('api/session/config')
export class SessionConfigController {
  constructor(@Inject(SESSION_CONFIG) private readonly config: SessionConfigDto) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'How the web workspace signs in: the profile, OIDC settings or the demo users' })
  @ApiOkResponse({ type: SessionConfigDto })
  get(): SessionConfigDto {
    return this.config;
  }
}
