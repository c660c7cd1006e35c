import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditLogService } from '@fallverbund/cases-application';
import { Public } from '@fallverbund/identity';
import { CheckpointKeyDto } from './proofs.responses';

/**
 * Public: the key that verifies the audit log's signed checkpoints. It holds no case data and no
 * personal data, so like the sign-in configuration it needs no token, no purpose and no audit entry;
 * anyone handed a proof can check it against this key (docs/access-policy.md, routes).
 */
@ApiTags('data protection')
@Controller('api/audit/checkpoint-key')
export class CheckpointKeyController {
  constructor(@Inject(AuditLogService) private readonly audit: AuditLogService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'The public key that verifies the signed checkpoints of the access log' })
  @ApiOkResponse({ type: CheckpointKeyDto, description: 'Ed25519, SPKI PEM, and the key id checkpoints name.' })
  key(): CheckpointKeyDto {
    return this.audit.checkpointKey();
  }
}
