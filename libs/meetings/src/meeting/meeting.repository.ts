import { In, type DataSource, type EntityManager } from 'typeorm';
import { AgendaItemEntity } from '../agenda/agenda.entities.js';
import { RecommendationEntity } from '../recommendations/recommendations.entities.js';
import { AttendeeEntity, MeetingEntity } from './meeting.entities.js';

export type Db = DataSource | EntityManager;

/** One meeting; `lock` takes its row lock (in a transaction). */
export async function findMeeting(db: Db, id: string, lock = false): Promise<MeetingEntity | null> {
  return db
    .getRepository(MeetingEntity)
    .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
}

/** Meetings by id, in time order. */
export async function findMeetings(db: Db, ids: readonly string[]): Promise<MeetingEntity[]> {
  return db
    .getRepository(MeetingEntity)
    .find({ where: { id: In([...ids]) }, order: { startsAt: 'ASC', id: 'ASC' } });
}

/** A meeting's agenda items in order. */
export async function itemsOf(db: Db, meetingId: string): Promise<AgendaItemEntity[]> {
  return db
    .getRepository(AgendaItemEntity)
    .find({ where: { meetingId }, order: { position: 'ASC', id: 'ASC' } });
}

export async function findItem(db: Db, id: string): Promise<AgendaItemEntity | null> {
  return db.getRepository(AgendaItemEntity).findOneBy({ id });
}

/**
 * One item with the minutes its slot starts after the meeting's start: the durations of the items
 * before it that are not deferred (a deferred item keeps its position but takes no time).
 */
export async function itemWithOffset(
  db: Db,
  id: string,
): Promise<{ item: AgendaItemEntity; offsetMinutes: number } | null> {
  const item = await findItem(db, id);
  if (!item) return null;
  const sum = await db
    .getRepository(AgendaItemEntity)
    .createQueryBuilder('o')
    .select('coalesce(sum(o.durationMinutes), 0)::int', 'n')
    .where('o.meetingId = :meetingId', { meetingId: item.meetingId })
    .andWhere('o.deferralReason IS NULL')
    .andWhere('(o.position, o.id) < (:position, :id)', { position: item.position, id: item.id })
    .getRawOne<{ n: number }>();
  return { item, offsetMinutes: sum?.n ?? 0 };
}

export async function attendeesOf(db: Db, meetingId: string): Promise<AttendeeEntity[]> {
  return db
    .getRepository(AttendeeEntity)
    .find({ where: { meetingId }, order: { createdAt: 'ASC', id: 'ASC' } });
}

export async function attendeeOf(db: Db, meetingId: string, userId: string): Promise<AttendeeEntity | null> {
  return db.getRepository(AttendeeEntity).findOneBy({ meetingId, userId });
}

/** How many of a meeting's recommendations still await the chair's decision (PROPOSED). */
export async function undecidedCount(db: Db, meetingId: string): Promise<number> {
  return db.getRepository(RecommendationEntity).countBy({ meetingId, status: 'PROPOSED' });
}

/** Takes a meeting's row lock (in a transaction): agenda changes of one meeting go one at a time. */
export async function lockMeeting(db: EntityManager, id: string): Promise<void> {
  await db
    .getRepository(MeetingEntity)
    .findOne({ select: { id: true }, where: { id }, lock: { mode: 'pessimistic_write' } });
}
