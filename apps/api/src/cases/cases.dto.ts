import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsISO8601,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class ParticipantDto {
  @ApiProperty({ example: 'Mara' })
  @IsString()
  @Length(1, 200)
  givenName!: string;

  @ApiProperty({ example: 'Beispiel' })
  @IsString()
  @Length(1, 200)
  familyName!: string;

  @ApiProperty({ example: '1990-04-01', description: 'YYYY-MM-DD' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthDate must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'birthDate must be a calendar date' })
  birthDate!: string;
}

export class OpenCaseDto {
  @ApiProperty({ type: ParticipantDto })
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => ParticipantDto)
  participant!: ParticipantDto;
}

export class AddTeamMemberDto {
  @ApiProperty({ example: 'clara.youth' })
  @IsString()
  @Length(1, 100)
  userId!: string;
}

export class CaseIdParams {
  @ApiProperty({ format: 'uuid' })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'id must be a UUID' })
  id!: string;
}

export class ListQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class CreatedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
}
