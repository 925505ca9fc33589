import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  REFERRALS_AUDIT,
  REFERRALS_DATA_SOURCE,
  REFERRALS_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from './shared/tokens.js';
import { ReferralService } from './referral/referral.service.js';
import { ReferralFreeTextGuard } from './referral/referral-free-text.js';
import { ReferralMonitorService } from './referral/referral-monitor.service.js';
import { CaseReferralResolver, ReferralResolver } from './referral/referral.resolver.js';

export interface ReferralsDomainOptions {
  dataSource: DataSource;
  audit: AuditWriterLike;
  outbox: OutboxLike;
}

/** The referrals domain: intake, screening, the more-information loop, acceptance. */
@Module({})
export class ReferralsDomainModule {
  static forRoot(opts: ReferralsDomainOptions): DynamicModule {
    return {
      module: ReferralsDomainModule,
      global: true,
      providers: [
        { provide: REFERRALS_DATA_SOURCE, useValue: opts.dataSource },
        { provide: REFERRALS_AUDIT, useValue: opts.audit },
        { provide: REFERRALS_OUTBOX, useValue: opts.outbox },
        ReferralService,
        ReferralFreeTextGuard,
        ReferralMonitorService,
        ReferralResolver,
        CaseReferralResolver,
      ],
      exports: [REFERRALS_DATA_SOURCE, REFERRALS_AUDIT, ReferralService, ReferralMonitorService],
    };
  }
}
