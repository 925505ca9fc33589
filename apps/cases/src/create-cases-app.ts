import type { Worker } from 'bullmq';
import { AuditAnchor, FileCheckpointStore } from '@scp/platform-audit';
import { ActorChangePublisher } from '@scp/platform-messaging';
import { createSubgraphRuntime, type BuiltSubgraph, type SubgraphBaseOptions } from '@scp/platform-runtime';
import { CASE_EVENT_QUEUES } from '@scp/contracts';
import {
  CaseAccess,
  CASES_ENTITIES,
  CasesDomainModule,
  createLoaders,
  startMeetingEventsWorker,
  startReferralIntakeWorker,
  sweepLifecycle,
  type CasesContext,
  type ReferralHandoffOptions,
} from '@scp/cases';
import { ClinicMemberController } from './clinic-member.controller.js';
import { FreeTextCheckController } from './free-text-check.controller.js';
import { FilesController } from './files.controller.js';
import { SESSION_AUDIT, SessionEventsController } from './session-events.controller.js';
import { INTERNAL_OPTIONS, InternalController, RecipientsController } from './internal.controller.js';

/** With `redisUrl`, the outbox relay runs in this process and moves events to BullMQ. */
export interface CasesAppOptions extends SubgraphBaseOptions {
  devIdentities: boolean;
  /**
   * With `redisUrl`: consume `referral.accepted` and open the case, fetching the referral's people
   * from the referrals service with a service token (libs/cases/src/intake/referral-intake.consumer.ts).
   */
  referralHandoff?: ReferralHandoffOptions;
  /**
   * Public keys of the services allowed to call `POST /internal/free-text-check` and
   * `POST /internal/clinic-member` (the meetings
   * service's own key). None ⇒ the endpoint refuses every caller.
   */
  serviceCallerKeys?: string[];
  /** Public keys of the notifications service, the only caller of `/internal/recipients`. */
  notificationsCallerKeys?: string[];
  /**
   * Checkpoints of the audit chain's head, signed with the cases service's key and appended to
   * `file` every `intervalMs` (libs/platform/audit/src/audit-anchor.ts, docs/audit.md).
   */
  auditCheckpoints?: { file: string; privateKey: string; intervalMs: number };
  /**
   * How often the lifecycle sweep runs (ms; default 15 minutes; 0 disables): reviews falling due,
   * urgent reviews past their deadline (libs/cases/src/lifecycle/lifecycle-sweep.ts).
   */
  lifecycleSweepIntervalMs?: number;
}

/** Builds the cases subgraph (not listening): tests, the bench and main.ts all use this. */
export async function createCasesApp(
  opts: CasesAppOptions,
): Promise<BuiltSubgraph & { intakeWorker?: Worker }> {
  const queueFor = () => CASE_EVENT_QUEUES;
  const rt = await createSubgraphRuntime({
    ...opts,
    service: 'cases',
    entities: CASES_ENTITIES,
    poolSize: 20,
    queueFor,
  });
  const { ds, audit, outbox, logger, producer } = rt;
  const actorChanges = producer ? new ActorChangePublisher(producer) : undefined;
  await rt.createApp({
    servicePaths: [
      { prefix: '/internal/free-text-check', keys: opts.serviceCallerKeys },
      { prefix: '/internal/clinic-member', keys: opts.serviceCallerKeys },
      { prefix: '/internal/recipients', keys: opts.notificationsCallerKeys },
    ],
    imports: [CasesDomainModule.forRoot({ dataSource: ds, audit, outbox, actorChanges })],
    controllers: [
      InternalController,
      FilesController,
      FreeTextCheckController,
      ClinicMemberController,
      RecipientsController,
      SessionEventsController,
    ],
    providers: [
      { provide: INTERNAL_OPTIONS, useValue: { devIdentities: opts.devIdentities } },
      { provide: SESSION_AUDIT, useValue: audit },
    ],
    context: (base): CasesContext => ({
      ...base,
      access: new CaseAccess(base.actor, ds),
      loaders: createLoaders(ds),
    }),
  });
  if (opts.auditCheckpoints) {
    const { file, privateKey, intervalMs } = opts.auditCheckpoints;
    const stop = new AuditAnchor(ds, privateKey, new FileCheckpointStore(file)).schedule(intervalMs, (e) =>
      logger.error({ err: e instanceof Error ? e.message : String(e) }, 'audit checkpoint failed'),
    );
    rt.onClose({ close: stop });
  }
  if (opts.redisUrl)
    rt.onClose(startMeetingEventsWorker({ ds, redisUrl: opts.redisUrl, prefix: opts.queuePrefix, logger }));
  const intakeWorker =
    opts.redisUrl && opts.referralHandoff
      ? rt.onClose(
          startReferralIntakeWorker({
            ds,
            outbox,
            audit,
            handoff: opts.referralHandoff,
            connection: rt.workerConnection(),
            prefix: opts.queuePrefix,
            logger,
          }),
        )
      : undefined;
  // Idempotent (each change re-checked under the case's lock), so every replica may run it.
  rt.every(opts.lifecycleSweepIntervalMs ?? 15 * 60_000, 'lifecycle sweep', () => sweepLifecycle(ds, outbox));
  return { ...rt.built(), intakeWorker };
}
