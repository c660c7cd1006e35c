import { ApiProperty } from '@nestjs/swagger';
import { AuditEntryDto, CheckpointDto } from '../audit/audit.responses';

/** The checkpoint signer's public key, at a stable URL, for anyone who checks a checkpoint. */
export class CheckpointKeyDto {
  @ApiProperty({
    example: '3f1c9a0b7d2e4c61',
    description: 'First 16 hex digits of SHA-256 over the DER public key; a checkpoint names it as `keyId`.',
  })
  keyId!: string;

  @ApiProperty({ enum: ['Ed25519'] })
  algorithm!: 'Ed25519';

  @ApiProperty({ description: 'The SPKI public key, PEM.' })
  publicKeyPem!: string;
}

export class EntryInclusionDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: "The checkpoint's tree size." })
  treeSize!: number;

  @ApiProperty({ type: [String], description: 'RFC 6962 audit path from the leaf to the root, hex.' })
  path!: string[];
}

/**
 * One access as recorded, with what it takes to check it in the browser against the public key:
 * digest = SHA-256(salt || canonical JSON of {index, entry}), leaf = SHA-256(0x00 || digest), the path
 * to the checkpoint's root, and the checkpoint's Ed25519 signature.
 */
export class EntryProofDto {
  @ApiProperty({ type: 'integer', minimum: 0 })
  index!: number;

  @ApiProperty({
    type: AuditEntryDto,
    description:
      'The entry exactly as the log recorded it (the digest covers every field). It names the staff member by user id, which the participant view does not show (docs/decisions.md).',
  })
  entry!: AuditEntryDto;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'The entry’s 32-byte salt, hex.' })
  salt!: string;

  @ApiProperty({
    pattern: '^[0-9a-f]{64}$',
    description:
      'The digest the log stored for the entry, hex. A verifier recomputes it from salt and entry: a mismatch means the entry was altered.',
  })
  digest!: string;

  @ApiProperty({ type: EntryInclusionDto })
  inclusion!: EntryInclusionDto;

  @ApiProperty({ type: CheckpointDto })
  checkpoint!: CheckpointDto;
}
