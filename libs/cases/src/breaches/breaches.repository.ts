import { In, type DataSource, type EntityManager } from 'typeorm';
import { CaseEntity } from '../case/case.entities.js';
import { BreachEntity } from './breaches.entities.js';

/** A breach as read: the entity, and whether it is resolved. */
export type BreachRow = BreachEntity & {
  /** Recorded as a crime, or its reason approved: what a pending or rejected breach is not. */
  resolved: boolean;
};

type Db = DataSource | EntityManager;

export const withResolved = (b: BreachEntity): BreachRow =>
  Object.assign(b, { resolved: b.crimeReference !== null || b.approvalStatus === 'APPROVED' });

export async function findBreachesByCases(db: Db, caseIds: readonly string[]): Promise<BreachRow[]> {
  if (!caseIds.length) return [];
  const rows = await db.getRepository(BreachEntity).find({
    where: { caseId: In([...caseIds]) },
    order: { occurredAt: 'ASC', id: 'ASC' },
  });
  return rows.map(withResolved);
}

export async function findBreachById(db: Db, id: string): Promise<BreachRow | null> {
  const row = await db.getRepository(BreachEntity).findOneBy({ id });
  return row && withResolved(row);
}

/** Extra case columns this feature adds, by case id. */
export async function findUrgentReviews(
  db: Db,
  caseIds: readonly string[],
): Promise<Pick<CaseEntity, 'id' | 'urgentReviewRequestedAt'>[]> {
  if (!caseIds.length) return [];
  return db.getRepository(CaseEntity).find({
    select: { id: true, urgentReviewRequestedAt: true },
    where: { id: In([...caseIds]) },
  });
}
