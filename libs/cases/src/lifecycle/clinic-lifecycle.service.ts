import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { accessOf, effectiveRoles, withAccess, type AccessView, type WithAccess } from '@scp/platform-access';
import { forbidden } from '@scp/platform-graphql';
import { CASES_DATA_SOURCE } from '../shared/tokens.js';
import type { RequestScope } from '../shared/scope.js';
import { CaseService, type CaseView } from '../case/case.service.js';
import { LISTED_IN_TIME } from './clinic-lifecycle.js';
import { REPLICA_OPEN_STATUSES } from './open-actions.replica.js';
import { groupRows, requestLoader } from './request-loader.js';

export interface LifecycleEntryRow {
  id: string;
  caseId: string;
  kind: string;
  occurredAt: Date;
  fromStatus: string | null;
  toStatus: string | null;
  meetingId: string | null;
  meetingStartsAt: Date | null;
  riskLevel: string | null;
  nextReviewOn: string | null;
}

export interface UrgentReviewRow {
  id: string;
  caseId: string;
  requestedAt: Date;
  dueBy: Date;
  clearedAt: Date | null;
  clearedByUserId: string | null;
  clearedByMeetingId: string | null;
  escalatedAt: Date | null;
}

const URGENT_COLUMNS = `u.id, u.case_id AS "caseId", u.requested_at AS "requestedAt", u.due_by AS "dueBy",
  u.cleared_at AS "clearedAt", u.cleared_by_user_id AS "clearedByUserId",
  u.cleared_by_meeting_id AS "clearedByMeetingId", u.escalated_at AS "escalatedAt"`;

/**
 * Reads of the case's life with the clinic: its timeline entries and urgent-review flags (both
 * D1, read with the case header's view), and the coordinator's list of urgent reviews on no
 * meeting within the deadline.
 */
@Injectable()
export class ClinicLifecycleService {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    private readonly cases: CaseService,
  ) {}

  /** Oldest first, as a timeline reads. */
  async entriesOf(
    scope: RequestScope,
    view: AccessView,
    caseId: string,
  ): Promise<WithAccess<LifecycleEntryRow>[]> {
    const rows = await requestLoader(scope, 'case-lifecycle', async (ids) =>
      groupRows(
        (await this.ds.query(
          `SELECT id, case_id AS "caseId", kind, occurred_at AS "occurredAt", from_status AS "fromStatus",
                  to_status AS "toStatus", meeting_id AS "meetingId", meeting_starts_at AS "meetingStartsAt",
                  risk_level AS "riskLevel", to_char(next_review_on, 'YYYY-MM-DD') AS "nextReviewOn"
             FROM cases.case_lifecycle WHERE case_id = ANY($1::uuid[]) ORDER BY occurred_at, id`,
          [ids],
        )) as LifecycleEntryRow[],
        (r) => r.caseId,
        ids,
      ),
    ).load(caseId);
    return rows.map((r) => withAccess({ ...r }, view));
  }

  /** Newest first. */
  async urgentReviewsOf(
    scope: RequestScope,
    view: AccessView,
    caseId: string,
  ): Promise<WithAccess<UrgentReviewRow>[]> {
    const rows = await requestLoader(scope, 'urgent-reviews', async (ids) =>
      groupRows(
        (await this.ds.query(
          `SELECT ${URGENT_COLUMNS} FROM cases.urgent_reviews u WHERE u.case_id = ANY($1::uuid[])
            ORDER BY u.requested_at DESC, u.id`,
          [ids],
        )) as UrgentReviewRow[],
        (r) => r.caseId,
        ids,
      ),
    ).load(caseId);
    return rows.map((r) => withAccess({ ...r }, view));
  }

  /** Agreed actions of the case still open (OPEN, IN_PROGRESS), from the open-actions replica. */
  async openActionsCount(scope: RequestScope, caseId: string): Promise<number> {
    return requestLoader(scope, 'open-actions-count', async (ids) => {
      const rows: { caseId: string; n: number }[] = await this.ds.query(
        `SELECT case_id AS "caseId", count(*)::int AS n FROM cases.open_actions
          WHERE case_id = ANY($1::uuid[]) AND status = ANY($2::text[]) GROUP BY case_id`,
        [ids, REPLICA_OPEN_STATUSES],
      );
      const byCase = new Map(rows.map((r) => [r.caseId, r.n]));
      return ids.map((id) => byCase.get(id) ?? 0);
    }).load(caseId);
  }

  /**
   * The clinic's open urgent-review flags whose case is on no published agenda of a meeting
   * within the deadline, soonest due first: for the clinic's coordinator and chair, and of those
   * only the cases the reader may see (each row goes through the case's own read rule).
   */
  async awaitingMeeting(scope: RequestScope, clinicId: string, now = new Date()) {
    const roles = effectiveRoles(scope.actor);
    if (
      !scope.actor.clinicIds.includes(clinicId) ||
      !(roles.includes('CLINIC_COORDINATOR') || roles.includes('CLINIC_CHAIR'))
    )
      throw forbidden("Only the clinic's coordinator or chair sees its urgent reviews");
    const rows: UrgentReviewRow[] = await this.ds.query(
      `SELECT ${URGENT_COLUMNS} FROM cases.urgent_reviews u JOIN cases.cases c ON c.id = u.case_id
        WHERE c.clinic_id = $1 AND u.cleared_at IS NULL AND c.status NOT IN ('CLOSED', 'CONSULTATION')
          AND NOT ${LISTED_IN_TIME}
        ORDER BY u.due_by, u.id LIMIT 200`,
      [clinicId],
    );
    const out: WithAccess<UrgentReviewRow & { case: CaseView; overdue: boolean }>[] = [];
    for (const r of rows) {
      const c = await this.cases.getForReference(scope, r.caseId);
      const view = c ? accessOf(c) : null;
      if (!c || !view) continue;
      out.push(withAccess({ ...r, case: c, overdue: r.dueBy.getTime() < now.getTime() }, view));
    }
    return out;
  }
}
