import { Inject, Injectable } from '@nestjs/common';
import { In, type DataSource } from 'typeorm';
import { CaseEntity } from '../case/case.entities.js';
import { CaseLifecycleEntity, OpenActionEntity, UrgentReviewEntity } from './lifecycle.entities.js';
import { accessOf, withAccess, type AccessView, type WithAccess, mayPerform } from '@scp/platform-access';
import { CASES_DATA_SOURCE } from '../shared/tokens.js';
import type { RequestScope } from '../shared/scope.js';
import { CaseService, type CaseView } from '../case/case.service.js';
import { LISTED_IN_TIME } from './clinic-lifecycle.js';
import { REPLICA_OPEN_STATUSES } from './open-actions.replica.js';
import { groupRows, requestLoader } from './request-loader.js';
import { forbidden } from '@scp/contracts';

export type LifecycleEntryRow = CaseLifecycleEntity;
export type UrgentReviewRow = UrgentReviewEntity;

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
        await this.ds
          .createQueryBuilder(CaseLifecycleEntity, 'l')
          .where('l.caseId = ANY(:ids::uuid[])', { ids })
          .orderBy('l.occurredAt')
          .addOrderBy('l.id')
          .getMany(),
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
        await this.ds
          .createQueryBuilder(UrgentReviewEntity, 'u')
          .where('u.caseId = ANY(:ids::uuid[])', { ids })
          .orderBy('u.requestedAt', 'DESC')
          .addOrderBy('u.id')
          .getMany(),
        (r) => r.caseId,
        ids,
      ),
    ).load(caseId);
    return rows.map((r) => withAccess({ ...r }, view));
  }

  /** Agreed actions of the case still open (OPEN, IN_PROGRESS), from the open-actions replica. */
  async openActionsCount(scope: RequestScope, caseId: string): Promise<number> {
    return requestLoader(scope, 'open-actions-count', async (ids) => {
      const rows = await this.ds
        .createQueryBuilder(OpenActionEntity, 'a')
        .select('a.caseId', 'caseId')
        .addSelect('count(*)::int', 'n')
        .where('a.caseId = ANY(:ids::uuid[])', { ids })
        .andWhere({ status: In([...REPLICA_OPEN_STATUSES]) })
        .groupBy('a.caseId')
        .getRawMany<Pick<OpenActionEntity, 'caseId'> & { n: number }>();
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
    if (!mayPerform(scope.actor, 'READ_URGENT_REVIEWS', { clinicId }))
      throw forbidden("Only the clinic's coordinator or chair sees its urgent reviews");
    const rows = await this.ds
      .createQueryBuilder(UrgentReviewEntity, 'u')
      .innerJoin(CaseEntity, 'c', 'c.id = u.caseId')
      .where('c.clinicId = :clinicId', { clinicId })
      .andWhere('u.clearedAt IS NULL')
      .andWhere("c.status NOT IN ('CLOSED', 'CONSULTATION')")
      .andWhere(`NOT ${LISTED_IN_TIME}`)
      .orderBy('u.dueBy')
      .addOrderBy('u.id')
      .limit(200)
      .getMany();
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
