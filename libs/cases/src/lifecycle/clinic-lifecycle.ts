import { IsNull, LessThanOrEqual, Raw, type EntityManager } from 'typeorm';
import { CaseEntity } from '../case/case.entities.js';
import { CaseLifecycleEntity, UrgentReviewEntity } from './lifecycle.entities.js';
import {
  EVENT_TYPES,
  URGENT_REVIEW_WORKING_DAYS,
  type CaseItemEventPayload,
  type CaseLifecycleKind,
  type CaseStatus,
  type EventType,
} from '@scp/contracts';
import { endOfNthWorkingDayAfter } from '@scp/platform-calendar';
import type { OutboxLike } from '../shared/tokens.js';
import type { RequestScope } from '../shared/scope.js';
import { OpenActionsReplica } from './open-actions.replica.js';

type LifecycleKind = CaseLifecycleKind;

/** Statuses the clinic's own rhythm moves; ESCALATED, CONSULTATION and CLOSED are left alone. */
const FOLLOWS_CLINIC: ReadonlySet<string> = new Set(['AWAITING_LISTING', 'LISTED', 'ACTIVE', 'MONITORING']);
const REVIEWED_STATUSES: ReadonlySet<string> = new Set(['ACTIVE', 'MONITORING']);

type LockedCase = Pick<CaseEntity, 'id' | 'clinicId' | 'status' | 'agreedRiskLevel'>;

interface EntryDetail {
  meetingId?: string | null;
  meetingStartsAt?: string | null;
  riskLevel?: string | null;
  nextReviewOn?: string | null;
}

/** Who and why, for the outbox events of one change. */
export interface LifecycleCause {
  actorUserId: string | null;
  correlationId: string | null;
}

/**
 * The case's life following the clinic (docs/case-lifecycle.md). Every function runs inside the
 * caller's transaction and locks the case row first, so a change here and a user's header edit
 * serialise; each status move bumps the case's version (optimistic locking) and is one
 * `case.status-changed` event, and every step is a `cases.case_lifecycle` entry (the timeline).
 */
export class ClinicLifecycle {
  constructor(
    private readonly m: EntityManager,
    private readonly outbox: OutboxLike,
    private readonly cause: LifecycleCause,
  ) {}

  private async lock(caseId: string): Promise<LockedCase | null> {
    return this.m.findOne(CaseEntity, {
      select: { id: true, clinicId: true, status: true, agreedRiskLevel: true },
      where: { id: caseId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  private async event(c: LockedCase, type: EventType, payload: Record<string, string | null>) {
    await this.outbox.write(this.m, {
      type,
      aggregateType: 'Case',
      aggregateId: c.id,
      actorId: this.cause.actorUserId,
      correlationId: this.cause.correlationId,
      payload: { caseId: c.id, clinicId: c.clinicId, ...payload },
    });
  }

  /** One timeline entry; with `to` different from the case's status, the status moves too. */
  private async step(c: LockedCase, kind: LifecycleKind, to: CaseStatus | null, detail: EntryDetail = {}) {
    const moves = to !== null && to !== c.status;
    await this.m.insert(CaseLifecycleEntity, {
      caseId: c.id,
      kind,
      fromStatus: moves ? c.status : null,
      toStatus: moves ? to : null,
      meetingId: detail.meetingId ?? null,
      meetingStartsAt: detail.meetingStartsAt ? new Date(detail.meetingStartsAt) : null,
      riskLevel: detail.riskLevel ?? null,
      nextReviewOn: detail.nextReviewOn ?? null,
      actorUserId: this.cause.actorUserId,
    });
    if (!moves) return;
    await this.m.update(
      CaseEntity,
      { id: c.id },
      { status: to, version: () => 'version + 1', updatedAt: () => 'now()' },
    );
    await this.event(c, EVENT_TYPES.caseStatusChanged, { from: c.status, to, reason: kind });
    c.status = to;
  }

  /** Listings of the case on published agendas that were neither reviewed nor withdrawn. */
  private async pendingListings(caseId: string, exceptMeetingId: string): Promise<number> {
    const ended = this.m
      .createQueryBuilder(CaseLifecycleEntity, 'x')
      .select('1')
      .where('x.caseId = l.caseId AND x.meetingId = l.meetingId')
      .andWhere("x.kind IN ('REVIEWED', 'UNLISTED')");
    return this.m
      .createQueryBuilder(CaseLifecycleEntity, 'l')
      .where('l.caseId = :caseId', { caseId })
      .andWhere("l.kind = 'LISTED'")
      .andWhere('l.meetingId <> :exceptMeetingId', { exceptMeetingId })
      .andWhere(`NOT EXISTS (${ended.getQuery()})`)
      .getCount();
  }

  private async openFlag(caseId: string): Promise<{ id: string; requestedAt: Date } | null> {
    return this.m.findOne(UrgentReviewEntity, {
      select: { id: true, requestedAt: true },
      where: { caseId, clearedAt: IsNull() },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** `meeting.case-listed`: on a published agenda. */
  async listed(p: CaseItemEventPayload): Promise<void> {
    const c = await this.lock(p.caseId);
    if (!c || !FOLLOWS_CLINIC.has(c.status)) return;
    await this.step(c, 'LISTED', 'LISTED', { meetingId: p.meetingId, meetingStartsAt: p.meetingStartsAt });
  }

  /** `meeting.case-unlisted`: deferred, or the meeting was cancelled. */
  async unlisted(p: CaseItemEventPayload): Promise<void> {
    const c = await this.lock(p.caseId);
    if (!c || !FOLLOWS_CLINIC.has(c.status)) return;
    const stillListed = (await this.pendingListings(c.id, p.meetingId)) > 0;
    await this.step(c, 'UNLISTED', c.status === 'LISTED' && !stillListed ? 'AWAITING_LISTING' : null, {
      meetingId: p.meetingId,
    });
  }

  /**
   * `meeting.case-reviewed`: the item's minutes are approved. The next review date is set, an
   * urgent-review flag raised before the meeting ended is cleared, and the case is ACTIVE while
   * actions are open, MONITORING when none are, LISTED if it is already on another published
   * agenda, or AWAITING_LISTING if a flag raised after the meeting is still open.
   */
  async reviewed(p: CaseItemEventPayload): Promise<void> {
    const c = await this.lock(p.caseId);
    if (!c || c.status === 'CLOSED' || c.status === 'CONSULTATION') return;
    if (p.nextReviewOn)
      await this.m.update(
        CaseEntity,
        {
          id: c.id,
          nextReviewOn: Raw((column) => `${column} IS DISTINCT FROM :next::date`, { next: p.nextReviewOn }),
        },
        { nextReviewOn: p.nextReviewOn, version: () => 'version + 1', updatedAt: () => 'now()' },
      );
    const flag = await this.openFlag(c.id);
    let flagOpen = flag !== null;
    if (flag && flag.requestedAt.getTime() <= new Date(p.meetingEndsAt).getTime()) {
      await this.clearFlag(c, flag.id, { meetingId: p.meetingId });
      flagOpen = false;
    }
    let to: CaseStatus | null = null;
    if (FOLLOWS_CLINIC.has(c.status)) {
      if (flagOpen) to = 'AWAITING_LISTING';
      else if ((await this.pendingListings(c.id, p.meetingId)) > 0) to = 'LISTED';
      else if ((await OpenActionsReplica.openFor(this.m, c.id)).length) to = 'ACTIVE';
      else to = 'MONITORING';
    }
    await this.step(c, 'REVIEWED', to, {
      meetingId: p.meetingId,
      meetingStartsAt: p.meetingStartsAt,
      riskLevel: c.agreedRiskLevel,
      nextReviewOn: p.nextReviewOn ?? null,
    });
  }

  /** After an action changed: a reviewed case whose last open action ended is MONITORING. */
  async actionChanged(caseId: string): Promise<void> {
    const c = await this.lock(caseId);
    if (!c || c.status !== 'ACTIVE') return;
    if ((await OpenActionsReplica.openFor(this.m, c.id)).length) return;
    await this.step(c, 'ACTIONS_DONE', 'MONITORING');
  }

  /** The next review date has come: a reviewed case goes back to the coordinator's list. */
  async reviewDue(caseId: string, today: string): Promise<boolean> {
    const c = await this.lock(caseId);
    if (!c || !REVIEWED_STATUSES.has(c.status)) return false;
    if (!(await this.m.existsBy(CaseEntity, { id: c.id, nextReviewOn: LessThanOrEqual(today) })))
      return false;
    await this.step(c, 'REVIEW_DUE', 'AWAITING_LISTING');
    return true;
  }

  /**
   * A breach's police action asks for an urgent review: one open flag per case (a second request
   * while it is open adds nothing), due within URGENT_REVIEW_WORKING_DAYS; a reviewed case goes
   * back to awaiting listing.
   */
  async urgentReviewRequested(caseId: string, breachId: string | null, now = new Date()): Promise<void> {
    const c = await this.lock(caseId);
    if (!c) return;
    // ON CONFLICT DO NOTHING: the only unique index besides the key is one open flag per case.
    const inserted = await this.m
      .createQueryBuilder()
      .insert()
      .into(UrgentReviewEntity)
      .values({
        caseId: c.id,
        breachId,
        requestedAt: now,
        dueBy: endOfNthWorkingDayAfter(now, URGENT_REVIEW_WORKING_DAYS),
      })
      .orIgnore()
      .returning('id')
      .execute();
    if (!(inserted.raw as unknown[]).length) return;
    await this.step(
      c,
      'URGENT_REVIEW_REQUESTED',
      REVIEWED_STATUSES.has(c.status) ? 'AWAITING_LISTING' : null,
    );
  }

  /** The chair cleared the flag by hand (an extraordinary review held outside a minuted meeting). */
  async urgentReviewClearedBy(caseId: string, userId: string): Promise<boolean> {
    const c = await this.lock(caseId);
    const flag = c ? await this.openFlag(caseId) : null;
    if (!c || !flag) return false;
    await this.clearFlag(c, flag.id, { userId });
    return true;
  }

  private async clearFlag(c: LockedCase, flagId: string, by: { meetingId?: string; userId?: string }) {
    await this.m.update(
      UrgentReviewEntity,
      { id: flagId },
      {
        clearedAt: () => 'clock_timestamp()',
        clearedByMeetingId: by.meetingId ?? null,
        clearedByUserId: by.userId ?? (by.meetingId ? this.cause.actorUserId : null),
      },
    );
    await this.m.update(
      CaseEntity,
      { id: c.id },
      { urgentReviewRequestedAt: null, updatedAt: () => 'now()' },
    );
    await this.step(c, 'URGENT_REVIEW_CLEARED', null, { meetingId: by.meetingId ?? null });
    await this.event(c, EVENT_TYPES.urgentReviewCleared, {
      urgentReviewId: flagId,
      meetingId: by.meetingId ?? null,
    });
  }

  /**
   * The flag is past its deadline and the case was on no meeting within it: escalated to the
   * chair once per flag (escalated_at is the idempotency mark).
   */
  async urgentReviewOverdue(flagId: string, now: Date): Promise<boolean> {
    const flag = await this.m.findOne(UrgentReviewEntity, {
      select: { caseId: true },
      where: { id: flagId },
    });
    const c = flag ? await this.lock(flag.caseId) : null;
    if (!c) return false;
    // Re-checked under the case's lock and the flag's own: the mark is set once.
    const overdue = await this.m
      .createQueryBuilder(UrgentReviewEntity, 'u')
      .select('u.id')
      .where('u.id = :flagId', { flagId })
      .andWhere('u.clearedAt IS NULL AND u.escalatedAt IS NULL AND u.dueBy < :now', { now })
      .andWhere(`NOT ${LISTED_IN_TIME}`)
      .setLock('pessimistic_write')
      .getOne();
    if (!overdue) return false;
    await this.m.update(UrgentReviewEntity, { id: flagId }, { escalatedAt: now });
    await this.step(c, 'URGENT_REVIEW_OVERDUE', null);
    await this.event(c, EVENT_TYPES.urgentReviewOverdue, { urgentReviewId: flagId });
    return true;
  }
}

/** The lifecycle inside a user's request (the user is the cause of what follows). */
export function lifecycleOf(m: EntityManager, outbox: OutboxLike, scope: RequestScope): ClinicLifecycle {
  return new ClinicLifecycle(m, outbox, {
    actorUserId: scope.actor.userId,
    correlationId: scope.actor.requestId,
  });
}

/**
 * SQL: the flag `u`'s case is on a published agenda of a meeting starting between the request
 * and the deadline, and that listing was not withdrawn.
 */
export const LISTED_IN_TIME = `EXISTS (
  SELECT 1 FROM cases.case_lifecycle l
   WHERE l.case_id = u.case_id AND l.kind = 'LISTED'
     AND l.meeting_starts_at >= u.requested_at AND l.meeting_starts_at <= u.due_by
     AND NOT EXISTS (SELECT 1 FROM cases.case_lifecycle x WHERE x.case_id = l.case_id
                      AND x.meeting_id = l.meeting_id AND x.kind = 'UNLISTED'))`;
