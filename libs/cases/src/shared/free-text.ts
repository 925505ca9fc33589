import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { CaseEntity, FreeTextRefusalEntity, ParticipantEntity } from '../case/case.entities.js';
import { AgencyEntity, UserEntity, UserRoleEntity } from '../directory/directory.entities.js';
import { LocationEntity, PersonEntity } from '../people/people.entities.js';
import { EVENT_TYPES, type Actor, type Role, forbidden, invalid, type DomainError } from '@scp/contracts';
import {
  effectiveRoles,
  FREE_TEXT_MESSAGES,
  FREE_TEXT_REFUSALS_PER_DAY,
  grantsFor,
  holdsValue,
  listsLocations,
  looksLikeLocation,
  type LocationValues,
} from '@scp/platform-access';
import { withTransaction } from '@scp/platform-database';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from './tokens.js';
import { managerOf, type Queryable } from './scope.js';

export {
  FREE_TEXT_MESSAGES,
  FREE_TEXT_REFUSALS_PER_DAY,
  holdsValue,
  listsLocations,
  looksLikeLocation,
} from '@scp/platform-access';

/** The categories whose recorded values shared free text may not carry. */
const LOCATION_CATEGORIES = ['D12', 'D3'] as const;
type LocationCategory = (typeof LOCATION_CATEGORIES)[number];

export type FreeTextVerdict = { ok: true } | { ok: false; reason: 'LOCATION' | 'PAUSED'; message: string };

export interface FreeTextWrite {
  /** Who writes; roles and agency are read from the directory, not taken from the caller. */
  userId: string;
  requestId?: string | null;
  /** The cases the text can reach (an agenda item's case, every case of a meeting's agenda). */
  caseIds: readonly string[];
  /** Also every open case of this clinic (a meeting's title, before its agenda exists). */
  clinicId?: string | null;
  /** The field as the writer named it (`title`, `minutes`, `conditions.0.text`). */
  field: string;
  /**
   * `prose` (the default) or `venue`: a meeting place or a disclosure's recipient names one
   * address or contact, never a list of them.
   */
  kind?: 'prose' | 'venue';
  text: string | null | undefined;
}

interface Reach {
  caseId: string;
  leadAgencyId: string;
  clinicId: string;
  participates: boolean;
}

/**
 * The free-text rule (entitlements.md, "free text"; docs/free-text.md), in one place for every
 * service: the cases service's own writes call it directly, the meetings service through
 * `POST /internal/free-text-check`.
 *
 * - A writer who may read the locations of every case the text reaches (the victim's, D12, and
 *   the subject's whereabouts, D3: police) is refused when the text holds one of those values,
 *   with the reason.
 * - A writer who may not is answered from the text alone: any location-like token is refused
 *   with one fixed sentence, matching or not, so the answer carries nothing of the case. A
 *   recorded value the shape test does not see is still refused with that same sentence.
 * - Every match is audited as an attempt to record D12 or D3 (user, case, field; never the value);
 *   every refusal is counted per user, case and day; at `FREE_TEXT_REFUSALS_PER_DAY` the user's
 *   free text on the case is refused for the rest of the day, and when any of those refusals
 *   matched, the case's lead agency and its DPO are told (`free-text.writer-paused`).
 *
 * The audit, the count and the event are committed even though the write itself is refused.
 */
export async function checkFreeText(
  ds: DataSource,
  deps: { audit: AuditWriterLike; outbox: OutboxLike },
  w: FreeTextWrite,
): Promise<FreeTextVerdict> {
  const text = w.text ?? '';
  if (!text.trim()) return { ok: true };
  // One check at a time per writer: parallel requests cannot slip past the day's count.
  return withTransaction(ds, async (m) => {
    // raw SQL: a transaction-scoped advisory lock, which has no entity
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('free-text:' || $1))`, [w.userId]);
    return checkLocked(m, deps, w, text);
  });
}

async function checkLocked(
  m: EntityManager,
  deps: { audit: AuditWriterLike; outbox: OutboxLike },
  w: FreeTextWrite,
  text: string,
): Promise<FreeTextVerdict> {
  const writer = await writerOf(m, w.userId);
  const reach = await reachOf(m, w, writer?.agencyId ?? null);
  if (!reach.length) return { ok: true };
  const ids = reach.map((r) => r.caseId);
  const paused = await m
    .createQueryBuilder(FreeTextRefusalEntity, 'f')
    .select('f.caseId')
    .where('f.userId = :userId', { userId: w.userId })
    .andWhere('f.caseId = ANY(:ids::uuid[])', { ids })
    .andWhere("f.refusedOn = (now() AT TIME ZONE 'Europe/London')::date")
    .groupBy('f.caseId')
    .having('count(*) >= :perDay', { perDay: FREE_TEXT_REFUSALS_PER_DAY })
    .limit(1)
    .getRawOne();
  if (paused) return { ok: false, reason: 'PAUSED', message: FREE_TEXT_MESSAGES.paused() };

  // Victims' and third parties' locations are D12, the subject's whereabouts D3: of the cases the
  // text reaches, and of every case the writer's agency takes part in, so that a location copied
  // from another case (which this case's readers may not even know of) is refused too.
  const ofAgency = m
    .createQueryBuilder(ParticipantEntity, 'pa')
    .select('pa.caseId')
    .where('pa.agencyId = :agencyId AND pa.leftAt IS NULL');
  const values = await m
    .createQueryBuilder(LocationEntity, 'l')
    .innerJoin(PersonEntity, 'p', 'p.id = l.personId')
    .innerJoin(CaseEntity, 'c', 'c.id = l.caseId')
    .select('l.caseId', 'caseId')
    .addSelect('c.leadAgencyId', 'leadAgencyId')
    .addSelect('l.addressLine1', 'addressLine1')
    .addSelect('l.postcode', 'postcode')
    .addSelect('l.phone', 'phone')
    .addSelect('l.email', 'email')
    .addSelect("CASE WHEN p.role = 'SUBJECT' THEN 'D3' ELSE 'D12' END", 'category')
    .where('l.caseId = ANY(:ids::uuid[])', { ids })
    .orWhere(`l.caseId IN (${ofAgency.getQuery()})`, { agencyId: writer?.agencyId ?? null })
    .getRawMany<
      LocationValues &
        Pick<LocationEntity, 'caseId'> &
        Pick<CaseEntity, 'leadAgencyId'> & { category: LocationCategory }
    >();
  const matches = values.filter((v) => holdsValue(text, v));
  const matched = new Map<string, Set<LocationCategory>>();
  for (const v of matches) matched.set(v.caseId, (matched.get(v.caseId) ?? new Set()).add(v.category));
  // Sighted: may read every location category of every case the text reaches.
  const sighted =
    !!writer &&
    LOCATION_CATEGORIES.every((c) => grantsFor(writer.roles, c).some((g) => g.read === 'FULL')) &&
    reach.every((r) => r.participates);
  const refused = sighted
    ? matched.size > 0
    : matched.size > 0 || (w.kind === 'venue' ? listsLocations(text) : looksLikeLocation(text));
  if (!refused) return { ok: true };

  for (const r of reach) {
    const categories = [...(matched.get(r.caseId) ?? [])].sort();
    const match = categories.length > 0;
    // The writer's advisory lock serialises these: the count after the insert is the day's.
    const refusalId = randomUUID();
    await m.insert(FreeTextRefusalEntity, {
      id: refusalId,
      userId: w.userId,
      caseId: r.caseId,
      field: w.field.slice(0, 200),
      matched: match,
      requestId: w.requestId ?? null,
    });
    const day = m
      .createQueryBuilder(FreeTextRefusalEntity, 'n')
      .select('n.refusedOn')
      .where('n.id = :refusalId');
    const counts = (await m
      .createQueryBuilder(FreeTextRefusalEntity, 'f')
      .select('count(*)::int', 'refusals')
      .addSelect('(count(*) FILTER (WHERE f.matched))::int', 'matches')
      .where('f.userId = :userId AND f.caseId = :caseId', { userId: w.userId, caseId: r.caseId })
      .andWhere(`f.refusedOn = (${day.getQuery()})`, { refusalId })
      .getRawOne<{ refusals: number; matches: number }>())!;
    if (match)
      await deps.audit.write(
        [
          {
            actorId: w.userId,
            actorAgencyId: writer?.agencyId ?? null,
            action: 'ACCESS_DENIED',
            entityType: 'FreeText',
            entityId: null,
            caseId: r.caseId,
            ownerAgencyId: r.leadAgencyId,
            categories,
            purpose: `free-text:${w.field.slice(0, 200)}: attempt to record ${categories.join(' and ')} in shared text (refused)`,
            requestId: w.requestId ?? null,
          },
        ],
        m,
      );
    if (counts!.refusals === FREE_TEXT_REFUSALS_PER_DAY && counts!.matches > 0)
      await deps.outbox.write(m, {
        type: EVENT_TYPES.freeTextWriterPaused,
        aggregateType: 'Case',
        aggregateId: r.caseId,
        actorId: w.userId,
        correlationId: w.requestId ?? null,
        payload: {
          caseId: r.caseId,
          clinicId: r.clinicId,
          leadAgencyId: r.leadAgencyId,
          userId: w.userId,
          writerAgencyId: writer?.agencyId ?? null,
        },
      });
  }
  // A match on a case the text does not reach: an attempt to carry that case's location elsewhere,
  // audited on that case (counted and paused on the cases reached, above).
  const reached = new Set(ids);
  const elsewhere = [...matched].filter(([caseId]) => !reached.has(caseId));
  if (elsewhere.length)
    await deps.audit.write(
      elsewhere.map(([caseId, found]) => {
        const categories = [...found].sort();
        return {
          actorId: w.userId,
          actorAgencyId: writer?.agencyId ?? null,
          action: 'ACCESS_DENIED' as const,
          entityType: 'FreeText',
          entityId: null,
          caseId,
          ownerAgencyId: values.find((v) => v.caseId === caseId)?.leadAgencyId ?? null,
          categories,
          purpose: `free-text:${w.field.slice(0, 200)}: attempt to record ${categories.join(' and ')} of this case in another case's shared text (refused)`,
          requestId: w.requestId ?? null,
        };
      }),
      m,
    );
  return {
    ok: false,
    reason: 'LOCATION',
    message: sighted ? FREE_TEXT_MESSAGES.sighted(w.field) : FREE_TEXT_MESSAGES.blind(w.field),
  };
}

export function freeTextError(verdict: Exclude<FreeTextVerdict, { ok: true }>, field: string): DomainError {
  return verdict.reason === 'PAUSED' ? forbidden(verdict.message) : invalid(verdict.message, field);
}

async function writerOf(ds: Queryable, userId: string): Promise<{ agencyId: string; roles: Role[] } | null> {
  const m = managerOf(ds);
  const held = m
    .createQueryBuilder(UserRoleEntity, 'r')
    .select('array_agg(DISTINCT r.role)')
    .where('r.userId = u.id');
  const r = await m
    .createQueryBuilder(UserEntity, 'u')
    .innerJoin(AgencyEntity, 'a', 'a.id = u.agencyId')
    .select('u.agencyId', 'agencyId')
    .addSelect('a.type', 'agencyType')
    .addSelect(`coalesce((${held.getQuery()}), '{}')`, 'roles')
    .where('u.id = :userId AND u.active', { userId })
    .getRawOne<Pick<UserEntity, 'agencyId'> & { agencyType: AgencyEntity['type']; roles: Role[] }>();
  if (!r) return null;
  return { agencyId: r.agencyId, roles: effectiveRoles({ roles: r.roles, agencyType: r.agencyType }) };
}

async function reachOf(ds: Queryable, w: FreeTextWrite, agencyId: string | null): Promise<Reach[]> {
  const m = managerOf(ds);
  const takesPart = m
    .createQueryBuilder(ParticipantEntity, 'p')
    .select('1')
    .where('p.caseId = c.id AND p.agencyId = :agencyId AND p.leftAt IS NULL');
  return m
    .createQueryBuilder(CaseEntity, 'c')
    .select('c.id', 'caseId')
    .addSelect('c.leadAgencyId', 'leadAgencyId')
    .addSelect('c.clinicId', 'clinicId')
    .addSelect(`EXISTS (${takesPart.getQuery()})`, 'participates')
    .where('c.id = ANY(:caseIds::uuid[])', { caseIds: w.caseIds })
    .orWhere("(c.clinicId = :clinicId::uuid AND c.status <> 'CLOSED')", { clinicId: w.clinicId ?? null })
    .setParameter('agencyId', agencyId)
    .orderBy('c.id')
    .getRawMany<Reach>();
}

/** The free-text rule for the cases service's own writes and its internal endpoint. */
@Injectable()
export class FreeTextGuard {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(CASES_OUTBOX) private readonly outbox: OutboxLike,
  ) {}

  check(write: FreeTextWrite): Promise<FreeTextVerdict> {
    return checkFreeText(this.ds, { audit: this.audit, outbox: this.outbox }, write);
  }

  /**
   * A text of one case written by the request's actor. Throws BAD_USER_INPUT naming the field
   * (FORBIDDEN while the writer is paused on the case).
   */
  async assert(
    scope: { actor: Pick<Actor, 'userId' | 'requestId'> },
    caseId: string,
    text: string | null | undefined,
    field: string,
    kind: FreeTextWrite['kind'] = 'prose',
  ): Promise<void> {
    const verdict = await this.check({
      kind,
      userId: scope.actor.userId,
      requestId: scope.actor.requestId,
      caseIds: [caseId],
      field,
      text,
    });
    if (!verdict.ok) throw freeTextError(verdict, field);
  }
}
