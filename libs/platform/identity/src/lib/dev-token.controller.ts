import { Body, Controller, HttpCode, HttpStatus, Post, ValidationPipe } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';
import { Public } from './auth.decorators';
import { DevTokenIssuer } from './dev-token';

export class DevTokenRequest {
  @ApiProperty({ example: 'anna.coach' })
  @IsString()
  @IsNotEmpty()
  userId!: string;
}

export class DevTokenResponse {
  @ApiProperty()
  accessToken!: string;

  @ApiProperty({ description: 'Seconds until the token expires', example: 28800 })
  expiresIn!: number;
}

/** Embedded profile only: hands out a token for a demo user, so the API can be tried without an IdP. */
@ApiTags('dev')
@Controller('api/dev/token')
export class DevTokenController {
  constructor(private readonly issuer: DevTokenIssuer) {}

  @Public()
  @Post()
  @ApiOperation({ summary: 'Issue a token for a demo user (embedded profile only)' })
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: DevTokenResponse })
  @ApiBadRequestResponse({ description: 'Unknown user (AUTH.UNKNOWN_USER) or malformed body' })
  issue(
    @Body(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true })) body: DevTokenRequest,
  ): Promise<DevTokenResponse> {
    return this.issuer.issue(body.userId);
  }
}
