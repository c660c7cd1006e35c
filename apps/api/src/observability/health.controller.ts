import { Controller, Get, Inject, Logger, ServiceUnavailableException, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, type HealthCheckResult, type HealthIndicatorFunction } from '@nestjs/terminus';
import { Public } from '@fallverbund/identity';
import { type SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { type Response } from 'express';
import { READINESS_CHECKS } from './observability.tokens';

const indicatorMap: SchemaObject = {
  type: 'object',
  description: 'One entry per dependency checked: `status` up or down, and what the check measured.',
  additionalProperties: {
    type: 'object',
    required: ['status'],
    // No enum here: the web client's generator mistypes an enum inside additionalProperties.
    properties: { status: { type: 'string', description: '`up`, `down` or `degraded`.' } },
    additionalProperties: true,
  },
};

const healthSchema: SchemaObject = {
  type: 'object',
  required: ['status', 'details'],
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down', 'degraded'] },
    info: indicatorMap,
    error: indicatorMap,
    details: indicatorMap,
  },
};

/**
 * Liveness and readiness for an orchestrator or load balancer (docs/operations.md, Health and
 * metrics). Public: no token, no purpose, no audit entry, no case data (docs/access-policy.md).
 */
@ApiTags('operations')
@Controller('api/health')
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(READINESS_CHECKS) private readonly checks: readonly HealthIndicatorFunction[],
  ) {}

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'The process is up and answers (checks no dependency)' })
  @ApiOkResponse({ description: 'Alive.', schema: healthSchema })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Public()
  @Get('ready')
  @ApiOperation({
    summary:
      'Ready for traffic: database, key store, audit log and its sequencing, the broker (when the API relays to Kafka) and the projections within the lag threshold',
  })
  @ApiOkResponse({ description: 'Every dependency is up.', schema: healthSchema })
  @ApiServiceUnavailableResponse({
    description: 'At least one dependency is down (`error` names it); the same body as when ready.',
    content: { 'application/json': { schema: healthSchema } },
  })
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult | object> {
    try {
      return await this.health.check([...this.checks]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // The terminus body as it is, not a problem document: probes and dashboards read `error`.
      response.status(503);
      const body = error.getResponse();
      this.logger.warn(`not ready: ${Object.keys((body as { error?: object }).error ?? {}).join(', ')}`);
      return typeof body === 'object' ? body : { status: 'error' };
    }
  }
}
