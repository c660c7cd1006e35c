import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { LEGAL_DOMAINS, PARTNER_SERVICES, type PartnerService } from '@fallverbund/identity';
import { AGENCY_TYPES, DATA_CATEGORIES, PURPOSES, type Purpose } from '@fallverbund/kernel';

export class PartnerSearchQueryDto {
  @ApiPropertyOptional({ enum: PARTNER_SERVICES, description: 'Partners offering this service.' })
  @IsOptional()
  @IsIn(PARTNER_SERVICES)
  service?: PartnerService;

  @ApiPropertyOptional({
    example: 'Nord',
    description: 'A district (case-insensitive) or a postcode, which finds partners for its postcode prefixes.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  area?: string;

  @ApiPropertyOptional({ enum: PURPOSES, description: 'Partners serving this purpose.' })
  @IsOptional()
  @IsIn(PURPOSES)
  purpose?: Purpose;

  @ApiPropertyOptional({ example: 'sucht', description: 'Part of the name, case-insensitive.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class PartnerParams {
  @ApiProperty({ example: 'suchtberatung-nord' })
  @IsString()
  @Length(1, 100)
  agencyId!: string;
}

export class PartnerContactPersonDto {
  @ApiProperty({ example: 'Emil Schröder' })
  name!: string;

  @ApiProperty({ example: 'Suchtberater' })
  function!: string;

  @ApiProperty({ type: String, nullable: true, example: '+49 30 5550 4001' })
  phone!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'beratung@suchtberatung-nord.example' })
  email!: string | null;
}

export class PartnerDto {
  @ApiProperty({ example: 'suchtberatung-nord' })
  agencyId!: string;

  @ApiProperty({ example: 'Suchtberatung Nord' })
  name!: string;

  @ApiProperty({ enum: AGENCY_TYPES })
  agencyType!: string;

  @ApiProperty({ enum: PARTNER_SERVICES, isArray: true })
  services!: string[];

  @ApiProperty({ enum: PURPOSES, isArray: true })
  purposes!: string[];

  @ApiProperty({ type: [String], example: ['Nord', '133'], description: 'Districts or postcode prefixes.' })
  areas!: string[];

  @ApiProperty({ enum: LEGAL_DOMAINS })
  legalDomain!: string;

  @ApiProperty({ type: [PartnerContactPersonDto] })
  contactPersons!: PartnerContactPersonDto[];

  @ApiProperty({ example: '2026-05-04', description: 'YYYY-MM-DD.' })
  lastReviewedAt!: string;

  @ApiProperty({ description: 'Not reviewed for more than 12 months.' })
  stale!: boolean;

  @ApiProperty({
    enum: DATA_CATEGORIES,
    isArray: true,
    description:
      "The categories that this agency's involvement in a case reveals (its type and services, the policy's agencyReveals): a referral to it, a consent naming it or its staff on a team is withheld from readers of another agency who may not read them.",
  })
  reveals!: string[];
}

export class PartnerListDto {
  @ApiProperty({ type: [PartnerDto], description: 'Sorted by name.' })
  items!: PartnerDto[];
}
