import type { EntityManager } from 'typeorm';
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

interface LockedCase {
  id: string;
  clinicId: string;
  status: CaseStatus;
  agreedRiskLevel: string | null;
}

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
    const rows: LockedCase[] = await this.m.query(
      `SELECT id, clinic_id AS "clinicId", status, agreed_risk_level AS "agreedRiskLevel"
         FROM cases.cases WHERE id = $1 FOR UPDATE`,
      [caseId],
    );
    return rows[0] ?? null;
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
    await this.m.query(
      `INSERT INTO cases.case_lifecycle (case_id, kind, from_status, to_status, meeting_id, meeting_starts_at,
         risk_level, next_review_on, actor_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9)`,
      [
        c.id,
        kind,
        moves ? c.status : null,
        moves ? to : null,
        detail.meetingId ?? null,
        detail.meetingStartsAt ?? null,
        detail.riskLevel ?? null,
        detail.nextReviewOn ?? null,
        this.cause.actorUserId,
      ],
    );
    if (!moves) return;
    await this.m.query(
      `UPDATE cases.cases SET status = $2, version = version + 1, updated_at = now() WHERE id = $1`,
      [c.id, to],
    );
    await this.event(c, EVENT_TYPES.caseStatusChanged, { from: c.status, to, reason: kind });
    c.status = to;
  }

  /** Listings of the case on published agendas that were neither reviewed nor withdrawn. */
  private async pendingListings(caseId: string, exceptMeetingId: string): Promise<number> {
    const rows: { n: number }[] = await this.m.query(
      `SELECT count(*)::int AS n FROM cases.case_lifecycle l
        WHERE l.case_id = $1 AND l.kind = 'LISTED' AND l.meeting_id <> $2
          AND NOT EXISTS (SELECT 1 FROM cases.case_lifecycle x WHERE x.case_id = l.case_id
                           AND x.meeting_id = l.meeting_id AND x.kind IN ('REVIEWED', 'UNLISTED'))`,
      [caseId, exceptMeetingId],
    );
    return rows[0]!.n;
  }

  private async openFlag(caseId: string): Promise<{ id: string; requestedAt: Date } | null> {
    const rows: { id: string; requestedAt: Date }[] = await this.m.query(
      `SELECT id, requested_at AS "requestedAt" FROM cases.urgent_reviews
        WHERE case_id = $1 AND cleared_at IS NULL FOR UPDATE`,
      [caseId],
    );
    return rows[0] ?? null;
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
      await this.m.query(
        `UPDATE cases.cases SET next_review_on = $2::date, version = version + 1, updated_at = now()
          WHERE id = $1 AND next_review_on IS DISTINCT FROM $2::date`,
        [c.id, p.nextReviewOn],
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
    const due: unknown[] = await this.m.query(
      `SELECT 1 FROM cases.cases WHERE id = $1 AND next_review_on <= $2::date`,
      [c.id, today],
    );
    if (!due.length) return false;
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
    const inserted: unknown[] = await this.m.query(
      `INSERT INTO cases.urgent_reviews (case_id, breach_id, requested_at, due_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id) WHERE cleared_at IS NULL DO NOTHING RETURNING id`,
      [c.id, breachId, now, endOfNthWorkingDayAfter(now, URGENT_REVIEW_WORKING_DAYS)],
    );
    if (!inserted.length) return;
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
    await this.m.query(
      `UPDATE cases.urgent_reviews SET cleared_at = clock_timestamp(), cleared_by_meeting_id = $2,
         cleared_by_user_id = $3 WHERE id = $1`,
      [flagId, by.meetingId ?? null, by.userId ?? (by.meetingId ? this.cause.actorUserId : null)],
    );
    await this.m.query(
      `UPDATE cases.cases SET urgent_review_requested_at = NULL, updated_at = now() WHERE id = $1`,
      [c.id],
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
    const rows: { caseId: string }[] = await this.m.query(
      `SELECT case_id AS "caseId" FROM cases.urgent_reviews WHERE id = $1`,
      [flagId],
    );
    const c = rows[0] ? await this.lock(rows[0].caseId) : null;
    if (!c) return false;
    const updated: unknown[] = await this.m.query(
      `UPDATE cases.urgent_reviews u SET escalated_at = $2
        WHERE u.id = $1 AND u.cleared_at IS NULL AND u.escalated_at IS NULL AND u.due_by < $2
          AND NOT ${LISTED_IN_TIME} RETURNING id`,
      [flagId, now],
    );
    if (!updated.length) return false;
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
