import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  InboxService,
  NOTIFICATIONS_AUDIT,
  NOTIFICATIONS_DATA_SOURCE,
  NOTIFICATIONS_PIPELINE,
  type AuditWriterLike,
} from './inbox.service.js';
import { InboxResolver } from './inbox.resolver.js';
import type { NotificationPipeline } from './pipeline.js';

/** The notifications subgraph's domain: the inbox, preferences and the delivery log. */
@Module({})
export class NotificationsDomainModule {
  static forRoot(opts: {
    dataSource: DataSource;
    audit: AuditWriterLike;
    pipeline: NotificationPipeline;
  }): DynamicModule {
    return {
      module: NotificationsDomainModule,
      global: true,
      providers: [
        { provide: NOTIFICATIONS_DATA_SOURCE, useValue: opts.dataSource },
        { provide: NOTIFICATIONS_AUDIT, useValue: opts.audit },
        { provide: NOTIFICATIONS_PIPELINE, useValue: opts.pipeline },
        InboxService,
        InboxResolver,
      ],
      exports: [InboxService, NOTIFICATIONS_DATA_SOURCE],
    };
  }
}
