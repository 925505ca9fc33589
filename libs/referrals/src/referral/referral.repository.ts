import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Queryable } from '../shared/scope.js';
import { QuestionEntity, ReferralEntity, VictimLocationEntity } from './referral.entities.js';

/** A data source or a transaction's entity manager: where a typed read runs. */
export type Db = DataSource | EntityManager;

/** The database's `now()` as a value to set or insert. */
export const now = () => 'now()';

/** A referral as services use it: the entity, with two facts derived in the same statement. */
export type ReferralRow = ReferralEntity & {
  /** Urgent, submitted, not screened and past its due time. */
  overdue: boolean;
  /** Current participants of the resulting case (replica). */
  caseAgencyIds: string[];
};

const OVERDUE_SQL = `(r.urgency = 'URGENT' AND r.screening_started_at IS NULL
  AND r.status IN ('SUBMITTED', 'MORE_INFO_REQUESTED') AND r.screening_due_at < now())`;
const CASE_AGENCIES_SQL = `ARRAY(SELECT cp.agency_id::text FROM referrals.case_participation cp
  WHERE cp.case_id = r.case_id AND cp.active)`;

/** Referrals aliased `r`, with what `ReferralRow` adds; narrow it with `where`, then `referralRows`. */
export function referralQuery(db: Db): SelectQueryBuilder<ReferralEntity> {
  return db
    .createQueryBuilder(ReferralEntity, 'r')
    .addSelect(OVERDUE_SQL, 'overdue')
    .addSelect(CASE_AGENCIES_SQL, 'caseAgencyIds');
}

/** Runs a `referralQuery` (one statement): each row with the raw extras selected beside it. */
export async function referralRows<E extends Record<string, unknown> = Record<string, never>>(
  qb: SelectQueryBuilder<ReferralEntity>,
): Promise<(ReferralRow & E)[]> {
  const { entities, raw } = await qb.getRawAndEntities<{ overdue: boolean; caseAgencyIds: string[] } & E>();
  return entities.map((entity, i) => {
    const { overdue, caseAgencyIds, ...extra } = raw[i]!;
    const picked = Object.fromEntries(Object.entries(extra).filter(([k]) => !k.startsWith('r_')));
    return Object.assign(entity, picked as E, { overdue, caseAgencyIds });
  });
}

export async function findReferralsByIds(db: Db, ids: readonly string[]): Promise<ReferralRow[]> {
  if (!ids.length) return [];
  return referralRows(referralQuery(db).where('r.id IN (:...ids)', { ids }));
}

export async function findVictimLocations(db: Db, referralId: string): Promise<VictimLocationEntity[]> {
  return db.getRepository(VictimLocationEntity).find({
    where: { referralId },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
}

export async function findQuestions(db: Db, referralId: string): Promise<QuestionEntity[]> {
  return db.getRepository(QuestionEntity).find({
    where: { referralId },
    order: { askedAt: 'ASC', id: 'ASC' },
  });
}

/** Next referral reference for a year, e.g. REF-2026-00042; serialised by the counter row lock. */
export async function nextReferralReference(db: Queryable, year: number): Promise<string> {
  // raw SQL: an upsert that increments and returns the counter in one statement (TypeORM's upsert only overwrites).
  const rows: { last_value: number }[] = await db.query(
    `INSERT INTO referrals.reference_counters (year, last_value) VALUES ($1, 1)
     ON CONFLICT (year) DO UPDATE SET last_value = referrals.reference_counters.last_value + 1
     RETURNING last_value`,
    [year],
  );
  return `REF-${year}-${String(rows[0]!.last_value).padStart(5, '0')}`;
}
