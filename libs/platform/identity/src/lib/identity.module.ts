import { type DynamicModule, Logger, Module, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BearerAuthGuard } from './bearer-auth.guard';
import { DevTokenController } from './dev-token.controller';
import { DevTokenIssuer, DevTokenVerifier } from './dev-token';
import { DEMO_DIRECTORY, Directory } from './directory';
import { OidcTokenVerifier, type OidcOptions } from './oidc-token-verifier';
import { DEMO_PARTNER_DIRECTORY, PartnerDirectory } from './partner-directory';
import { SESSION_CONFIG, SessionConfigController, sessionConfigFor } from './session-config.controller';
import { TokenVerifier } from './token-verifier';

type ProfileOptions =
  /** Demo users, tokens from `POST /api/dev/token`; the directory defaults to DEMO_DIRECTORY. */
  | { readonly profile: 'embedded'; readonly directory?: Directory }
  /** Tokens from an OIDC provider; `directory` holds the agencies (see loadAgencyDirectory). */
  | ({ readonly profile: 'production'; readonly directory: Directory } & OidcOptions);

export type IdentityOptions = ProfileOptions & {
  /**
   * The partners over `directory` (see loadPartnerDirectory); by default DEMO_PARTNER_DIRECTORY with
   * DEMO_DIRECTORY, otherwise none.
   */
  readonly partners?: PartnerDirectory;
};

/**
 * Authentication for the whole app: provides Directory, PartnerDirectory and TokenVerifier globally
 * and guards every route with BearerAuthGuard unless it is marked @Public().
 */
@Module({})
export class IdentityModule {
  static forRoot(options: IdentityOptions): DynamicModule {
    const common = {
      module: IdentityModule,
      global: true,
      exports: [Directory, PartnerDirectory, TokenVerifier],
    };
    const agencies = options.directory ?? DEMO_DIRECTORY;
    const directory: Provider = { provide: Directory, useValue: agencies };
    const partners: Provider = {
      provide: PartnerDirectory,
      useValue:
        options.partners ?? (agencies === DEMO_DIRECTORY ? DEMO_PARTNER_DIRECTORY : new PartnerDirectory(agencies, [])),
    };
    const guard: Provider = { provide: APP_GUARD, useClass: BearerAuthGuard };

    switch (options.profile) {
      case 'embedded':
        return {
          ...common,
          controllers: [DevTokenController, SessionConfigController],
          providers: [
            directory,
            { provide: SESSION_CONFIG, useValue: sessionConfigFor({ profile: 'embedded' }, agencies) },
            partners,
            guard,
            {
              provide: DevTokenIssuer,
              inject: [Directory],
              useFactory: (dir: Directory) => {
                new Logger(IdentityModule.name).warn('Embedded identity profile: anyone can get a demo user token');
                return DevTokenIssuer.generate(dir);
              },
            },
            {
              provide: TokenVerifier,
              inject: [DevTokenIssuer, Directory],
              useFactory: (issuer: DevTokenIssuer, dir: Directory) => new DevTokenVerifier(issuer.publicKey, dir),
            },
          ],
        };
      case 'production': {
        const { issuer, audience, jwksUri, clientId, participantAcrValues } = options;
        return {
          ...common,
          controllers: [SessionConfigController],
          providers: [
            directory,
            {
              provide: SESSION_CONFIG,
              useValue: sessionConfigFor({ profile: 'production', issuer, clientId: clientId ?? audience }, agencies),
            },
            partners,
            guard,
            {
              provide: TokenVerifier,
              inject: [Directory],
              useFactory: (dir: Directory) =>
                new OidcTokenVerifier({ issuer, audience, jwksUri, participantAcrValues }, dir),
            },
          ],
        };
      }
    }
  }
}
