import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CasesModule, RelayModule } from '@fallverbund/cases-application';
import { IdentityModule } from '@fallverbund/identity';
import { AccessReportController, AuditController } from '../audit/audit.controller';
import { ChildProtectionDeclarationsController } from '../audit/child-protection.controller';
import { CasesController } from '../cases/cases.controller';
import { EntrustedNotesController } from '../cases/entrusted-notes.controller';
import { RestrictionController } from '../cases/restriction.controller';
import { PartnersController } from '../partners/partners.controller';
import { SessionController } from '../session/session.controller';
import { ReferralsController } from '../referrals/referrals.controller';
import { ProgressController } from '../progress/progress.controller';
import { EvaluationController } from '../evaluation/evaluation.controller';
import { caseloadTargetProvider, TeamSignalsController } from '../team-signals/team-signals.controller';
import { PlansController } from '../plans/plans.controller';
import { CaseConferencesController, InvitedConferencesController } from '../conferences/conferences.controller';
import { CheckpointKeyController } from '../participant-proofs/checkpoint-key.controller';
import { ParticipantProofsController } from '../participant-proofs/participant-proofs.controller';
import { ParticipantCases } from '../participant/participant-cases';
import { MeController } from '../participant/me.controller';
import { ParticipantInvitationsController } from '../participant/participant-invitations.controller';
import { ParticipantService } from '../participant/participant.service';
import { AccessTransparencyController } from '../audit/access-transparency.controller';
import { AccessDeferralsService } from '../participant-accesses/access-deferrals.service';
import { AccessQuestionsService } from '../participant-accesses/access-questions.service';
import { AccessTransparencyService } from '../participant-accesses/access-transparency.service';
import { ParticipantAccessesController } from '../participant-accesses/participant-accesses.controller';
import { ObservabilityModule } from '../observability/observability.module';
import { RecordsOfProcessingController } from '../records-of-processing/records-of-processing.controller';
import { RecordsOfProcessingService } from '../records-of-processing/records-of-processing.service';
import { RetentionHoldController, RetentionReportController } from '../retention/retention.controller';
import { retentionProviders } from '../retention/retention.providers';
import {
  DpoErasureRequestsController,
  ErasureRequestsController,
  MyErasureRequestsController,
} from '../cases/erasure-requests.controller';
import { ErasureRequestsService } from '../cases/erasure-requests.service';
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
        ObservabilityModule.forRoot(config.health, config.relay),
      ],
      controllers: [
        AccessTransparencyController,
        ParticipantAccessesController,
        SessionController,
        CasesController,
        EntrustedNotesController,
        RestrictionController,
        AccessReportController,
        ChildProtectionDeclarationsController,
        AuditController,
        CheckpointKeyController,
        ParticipantProofsController,
        PartnersController,
        ReferralsController,
        ProgressController,
        EvaluationController,
        TeamSignalsController,
        PlansController,
        CaseConferencesController,
        InvitedConferencesController,
        ParticipantInvitationsController,
        MeController,
        RecordsOfProcessingController,
        RetentionReportController,
        RetentionHoldController,
        ErasureRequestsController,
        DpoErasureRequestsController,
        MyErasureRequestsController,
      ],
      providers: [
        caseloadTargetProvider(config),
        ParticipantCases,
        ParticipantService,
        AccessTransparencyService,
        AccessDeferralsService,
        AccessQuestionsService,
        RecordsOfProcessingService,
        ...retentionProviders(config.retention),
        ErasureRequestsService,
      ],
    };
  }
}
