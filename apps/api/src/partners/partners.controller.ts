import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { agencyReveals } from '@fallverbund/access-policy';
import { type DataCategory } from '@fallverbund/kernel';
import {
  type Partner,
  PartnerDirectory,
  PartnerNotFoundError,
  type PartnerView,
  partnerView,
} from '@fallverbund/identity';
import { clock } from '../app/clock';
import { PartnerDto, PartnerListDto, PartnerParams, PartnerSearchQueryDto } from './partners.dto';

type PartnerAnswer = PartnerView & { readonly reveals: DataCategory[] };

/** A partner as answered, with what its involvement in a case reveals (so a form can say why before sending). */
const answer = (partner: Partner, now: Date): PartnerAnswer => ({
  ...partnerView(partner, now),
  reveals: agencyReveals(partner),
});

/**
 * The network directory. It holds no case data, so any signed-in actor may read it without declaring a
 * purpose, and no audit entry is written (docs/access-policy.md, routes).
 */
@ApiTags('partners')
@ApiBearerAuth()
@Controller('api/partners')
export class PartnersController {
  constructor(@Inject(PartnerDirectory) private readonly partners: PartnerDirectory) {}

  @Get()
  @ApiOperation({ summary: 'Search the partner directory' })
  @ApiOkResponse({ type: PartnerListDto, description: 'The partners matching every given filter, by name.' })
  search(@Query() query: PartnerSearchQueryDto): { items: PartnerAnswer[] } {
    const now = clock.now();
    return { items: this.partners.search(query).map((p) => answer(p, now)) };
  }

  @Get(':agencyId')
  @ApiOperation({ summary: 'Read a partner of the directory' })
  @ApiOkResponse({ type: PartnerDto })
  @ApiNotFoundResponse({ description: 'PARTNER.NOT_FOUND: the agency is not in the partner directory.' })
  partner(@Param() { agencyId }: PartnerParams): PartnerAnswer {
    const partner = this.partners.partner(agencyId);
    if (!partner) throw new PartnerNotFoundError(agencyId);
    return answer(partner, clock.now());
  }
}
