import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@fallverbund/identity';
import { Registry } from 'prom-client';
import { METRICS_REGISTRY } from './observability.tokens';

/**
 * Prometheus metrics of this instance. Public like the API documentation: its labels are route
 * templates, problem codes, command and projection names, never an id or a name (docs/decisions.md).
 */
@ApiTags('operations')
@Controller('api/metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Public()
  @Get()
  @Header('content-type', Registry.PROMETHEUS_CONTENT_TYPE)
  @ApiOperation({ summary: 'Metrics of this instance in the Prometheus text format (0.0.4)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'HTTP latency by route template, commands, refusals by code, projection and relay lag, audit timings.',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
