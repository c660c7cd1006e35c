import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CasesModule, RelayModule } from '@fallverbund/cases-application';
import { IdentityModule } from '@fallverbund/identity';
import { AccessReportController, AuditController } from '../audit/audit.controller';
import { ChildProtectionDeclarationsController } from '../audit/child-protection.controller';
import { CasesController } from '../cases/cases.controller';
import { type AppConfig } from './config';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        IdentityModule.forRoot(config.identity),
        CasesModule.forRoot(config.persistence, config.audit),
        ...(config.relay?.mode === 'embedded' ? [RelayModule.forRoot(config.relay, config.persistence)] : []),
      ],
      controllers: [CasesController, AccessReportController, ChildProtectionDeclarationsController, AuditController],
    };
  }
}
