import { Inject, Injectable } from '@nestjs/common';
import { type AgencyProfile } from '@fallverbund/access-policy';
import {
  DEMO_DIRECTORY,
  DEMO_PARTNER_DIRECTORY,
  Directory,
  loadAgencyDirectory,
  loadPartnerDirectory,
  PartnerDirectory,
} from '@fallverbund/identity';

/** The agencies as the disclosure rules see them: type from the directory, services from the partner directory. */
@Injectable()
export class AgencyProfiles {
  constructor(
    @Inject(Directory) private readonly directory: Directory,
    @Inject(PartnerDirectory) private readonly partners: PartnerDirectory,
  ) {}

  // The directories do not change while the process runs: one profile per agency, made once.
  private readonly profiles = new Map<string, AgencyProfile>();

  of(agencyId: string): AgencyProfile {
    const known = this.profiles.get(agencyId);
    if (known) return known;
    const agency = this.directory.agency(agencyId);
    const partner = this.partners.partner(agencyId);
    const profile: AgencyProfile = Object.freeze({
      agencyId,
      ...(agency ? { agencyType: agency.type } : {}),
      ...(partner ? { services: partner.services } : {}),
    });
    // Unknown ids (a client's typo in a referral) are not kept: the map holds the directories' agencies only.
    if (agency) this.profiles.set(agencyId, profile);
    return profile;
  }
}

/** The agencies and partners of the embedded (demo) profile. */
export const DEMO_AGENCY_PROFILES = new AgencyProfiles(DEMO_DIRECTORY, DEMO_PARTNER_DIRECTORY);

/**
 * For a process without the API's identity module (apps/relay): the agency directory of
 * AGENCY_DIRECTORY_FILE (the demo's without it) and the partners of PARTNER_DIRECTORY_FILE (the demo's
 * over the demo directory, none over another), as the API loads them.
 */
export const agencyProfilesFromEnv = (env: NodeJS.ProcessEnv = process.env): AgencyProfiles => {
  const directoryFile = env['AGENCY_DIRECTORY_FILE'];
  const partnersFile = env['PARTNER_DIRECTORY_FILE'];
  const directory = directoryFile ? loadAgencyDirectory(directoryFile) : DEMO_DIRECTORY;
  const partners = partnersFile
    ? loadPartnerDirectory(partnersFile, directory)
    : directory === DEMO_DIRECTORY
      ? DEMO_PARTNER_DIRECTORY
      : new PartnerDirectory(directory, []);
  return new AgencyProfiles(directory, partners);
};
