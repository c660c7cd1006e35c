import { ApiProperty } from '@nestjs/swagger';
import { IsBoundedInteger, MAX_POSITION } from '@fallverbund/http';
import { CaseIdParams } from '../cases/cases.dto';

export class AccessProofParams extends CaseIdParams {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_POSITION, description: 'The access’s index in the log.' })
  @IsBoundedInteger('index', 0)
  index!: number;
}
