import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  MEETINGS_AUDIT,
  MEETINGS_CLOCK,
  MEETINGS_DATA_SOURCE,
  MEETINGS_DIRECTORY,
  MEETINGS_FREE_TEXT,
  MEETINGS_INVITES,
  MEETINGS_OUTBOX,
  DEFAULT_INVITE_SETTINGS,
  type InviteSettings,
  type AuditWriterLike,
  type ClinicDirectory,
  type Clock,
  type FreeTextChecker,
  type OutboxLike,
} from './shared/tokens.js';
import { MeetingsService } from './meeting/meetings.service.js';
import { MeetingVisibilityService } from './meeting/meeting-visibility.service.js';
import { FreeTextGuard } from './shared/free-text.service.js';
import { AttendanceService } from './attendance/attendance.service.js';
import { AgendaService } from './agenda/agenda.service.js';
import { MinutesService } from './minutes/minutes.service.js';
import { ContributionsService } from './contributions/contributions.service.js';
import { MeetingResolver } from './meeting/meeting.resolver.js';
import { AgendaResolver } from './agenda/agenda.resolver.js';
import { ActionsService } from './actions/actions.service.js';
import { ActionsResolver } from './actions/actions.resolver.js';
import { RecommendationsService } from './recommendations/recommendations.service.js';
import { RecommendationsResolver } from './recommendations/recommendations.resolver.js';
import { CaseRefResolver } from './shared/case-ref.resolver.js';

export interface MeetingsDomainOptions {
  dataSource: DataSource;
  audit: AuditWriterLike;
  outbox: OutboxLike;
  clock?: Clock;
  /** Checks free text against the case's victim location values (the cases service's check). */
  freeText?: FreeTextChecker;
  /** Who belongs to which clinic (the cases service's directory); without it no one is invited. */
  directory?: ClinicDirectory;
  /** Organiser and links of calendar invites. */
  invites?: InviteSettings;
}

/** The meetings domain: meetings, attendance, agenda, contributions, recommendations, actions, minutes. */
@Module({})
export class MeetingsDomainModule {
  static forRoot(opts: MeetingsDomainOptions): DynamicModule {
    return {
      module: MeetingsDomainModule,
      global: true,
      providers: [
        { provide: MEETINGS_DATA_SOURCE, useValue: opts.dataSource },
        { provide: MEETINGS_AUDIT, useValue: opts.audit },
        { provide: MEETINGS_OUTBOX, useValue: opts.outbox },
        { provide: MEETINGS_CLOCK, useValue: opts.clock ?? (() => new Date()) },
        { provide: MEETINGS_FREE_TEXT, useValue: opts.freeText ?? null },
        { provide: MEETINGS_DIRECTORY, useValue: opts.directory ?? null },
        { provide: MEETINGS_INVITES, useValue: opts.invites ?? DEFAULT_INVITE_SETTINGS },
        MeetingVisibilityService,
        FreeTextGuard,
        MeetingsService,
        AttendanceService,
        AgendaService,
        MinutesService,
        ContributionsService,
        ActionsService,
        RecommendationsService,
        MeetingResolver,
        AgendaResolver,
        ActionsResolver,
        RecommendationsResolver,
        CaseRefResolver,
      ],
      exports: [
        MeetingsService,
        AttendanceService,
        AgendaService,
        MinutesService,
        ContributionsService,
        ActionsService,
        RecommendationsService,
        MEETINGS_DATA_SOURCE,
      ],
    };
  }
}
