import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  CASES_ACTOR_CHANGES,
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type ActorChangesLike,
  type AuditWriterLike,
  type OutboxLike,
} from './shared/tokens.js';
import { CaseResolver, ParticipantResolver } from './case/case.resolver.js';
import { CaseService } from './case/case.service.js';
import { PeopleService } from './people/people.service.js';
import { PeopleMutations, ProtectedPersonResolver, SubjectResolver } from './people/people.resolver.js';
import { DirectoryService } from './directory/directory.service.js';
import { ClinicResolver, DirectoryResolver, UserResolver } from './directory/directory.resolver.js';
import { AuditQueryService } from './audit/audit-query.service.js';
import { AuditQueryResolver } from './audit/audit-query.resolver.js';
import { BreakGlassService } from './audit/break-glass.service.js';
import { FreeTextGuard } from './shared/free-text.js';
import { BreakGlassResolver } from './audit/break-glass.resolver.js';
import { ASSESSMENTS_PROVIDERS } from './assessments/assessments.providers.js';
import { FORMULATION_PROVIDERS } from './formulation/formulation.providers.js';
import { AGENCY_RECORDS_PROVIDERS } from './agency-records/agency-records.providers.js';
import { LIFECYCLE_PROVIDERS } from './lifecycle/lifecycle.providers.js';
import { DOCUMENTS_PROVIDERS } from './documents/documents.providers.js';
import { DISCLOSURE_PROVIDERS } from './disclosure/disclosure.providers.js';
import { DocumentsService } from './documents/documents.service.js';
import { SubjectAccessService } from './disclosure/subject-access.service.js';
import { ORDERS_PROVIDERS } from './orders/orders.providers.js';
import { BREACHES_PROVIDERS } from './breaches/breaches.providers.js';
import { VICTIM_UPDATES_PROVIDERS } from './victim-updates/victim-updates.providers.js';
import { OrdersService } from './orders/orders.service.js';
import { BreachesService } from './breaches/breaches.service.js';
import { VictimUpdatesService } from './victim-updates/victim-updates.service.js';

export interface CasesDomainOptions {
  dataSource: DataSource;
  audit: AuditWriterLike;
  outbox: OutboxLike;
  /** Without it (no Redis), gateways must not cache actors: nothing would tell them of a change. */
  actorChanges?: ActorChangesLike;
}

/** The cases domain: directory, cases and participation, people. The app wires it. */
@Module({})
export class CasesDomainModule {
  static forRoot(opts: CasesDomainOptions): DynamicModule {
    return {
      module: CasesDomainModule,
      global: true,
      providers: [
        { provide: CASES_DATA_SOURCE, useValue: opts.dataSource },
        { provide: CASES_AUDIT, useValue: opts.audit },
        { provide: CASES_OUTBOX, useValue: opts.outbox },
        FreeTextGuard,
        {
          provide: CASES_ACTOR_CHANGES,
          useValue: opts.actorChanges ?? { publish: async () => undefined },
        },
        CaseService,
        PeopleService,
        DirectoryService,
        CaseResolver,
        ParticipantResolver,
        SubjectResolver,
        ProtectedPersonResolver,
        PeopleMutations,
        DirectoryResolver,
        ClinicResolver,
        UserResolver,
        AuditQueryService,
        AuditQueryResolver,
        BreakGlassService,
        BreakGlassResolver,
        ...ASSESSMENTS_PROVIDERS,
        ...FORMULATION_PROVIDERS,
        ...AGENCY_RECORDS_PROVIDERS,
        ...LIFECYCLE_PROVIDERS,
        ...DOCUMENTS_PROVIDERS,
        ...DISCLOSURE_PROVIDERS,
        ...ORDERS_PROVIDERS,
        ...VICTIM_UPDATES_PROVIDERS,
        ...BREACHES_PROVIDERS,
      ],
      exports: [
        CASES_DATA_SOURCE,
        FreeTextGuard,
        CaseService,
        PeopleService,
        DirectoryService,
        DocumentsService,
        SubjectAccessService,
        OrdersService,
        BreachesService,
        VictimUpdatesService,
      ],
    };
  }
}
