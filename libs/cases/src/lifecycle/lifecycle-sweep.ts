import { In, LessThanOrEqual, type DataSource } from 'typeorm';
import { CaseEntity } from '../case/case.entities.js';
import { UrgentReviewEntity } from './lifecycle.entities.js';
import { londonDay } from '@scp/platform-calendar';
import { withTransaction } from '@scp/platform-database';
import type { OutboxLike } from '../shared/tokens.js';
import { ClinicLifecycle, LISTED_IN_TIME } from './clinic-lifecycle.js';

const SYSTEM = { actorUserId: null, correlationId: null };

/**
 * The cases service's lifecycle sweep (docs/case-lifecycle.md), run on an interval by every
 * replica: reviewed cases whose next review date has come go back to AWAITING_LISTING, and
 * urgent-review flags past their deadline with no meeting in time escalate to the chair. Each
 * case is its own transaction and each change re-checks its condition under the case's row lock,
 * so a second run, or two replicas at once, change nothing twice. No delayed job to lose: a
 * missed run is caught up by the next.
 */
export async function sweepLifecycle(
  ds: DataSource,
  outbox: OutboxLike,
  now = new Date(),
): Promise<{ reviewsDue: number; urgentOverdue: number }> {
  const today = londonDay(now);
  let reviewsDue = 0;
  let urgentOverdue = 0;
  const due = await ds.getRepository(CaseEntity).find({
    select: { id: true },
    where: { status: In(['ACTIVE', 'MONITORING']), nextReviewOn: LessThanOrEqual(today) },
    order: { nextReviewOn: 'ASC', id: 'ASC' },
  });
  for (const { id } of due)
    if (await withTransaction(ds, (m) => new ClinicLifecycle(m, outbox, SYSTEM).reviewDue(id, today)))
      reviewsDue++;
  const overdue = await ds
    .createQueryBuilder(UrgentReviewEntity, 'u')
    .select('u.id')
    .where('u.clearedAt IS NULL AND u.escalatedAt IS NULL AND u.dueBy < :now', { now })
    .andWhere(`NOT ${LISTED_IN_TIME}`)
    .orderBy('u.dueBy')
    .addOrderBy('u.id')
    .getMany();
  for (const { id } of overdue)
    if (await withTransaction(ds, (m) => new ClinicLifecycle(m, outbox, SYSTEM).urgentReviewOverdue(id, now)))
      urgentOverdue++;
  return { reviewsDue, urgentOverdue };
}
