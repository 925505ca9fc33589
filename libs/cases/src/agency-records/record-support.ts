import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { EntityManager } from 'typeorm';
import { EVENT_TYPES, type DataCategory } from '@scp/contracts';
import { accessOf, type AccessView, type FieldKey } from '@scp/platform-access';
import { Cat, forbidden, notFound } from '@scp/platform-graphql';
import type { Queryable, RequestScope } from '../shared/scope.js';
import type { CasesContext } from '../shared/context.js';
import type { OutboxLike } from '../shared/tokens.js';
import type { FreeTextGuard } from '../shared/free-text.js';
import { findCasesByIds, type CaseRow } from '../case/case.repository.js';
import { AgencyModel, UserModel } from '../directory/directory.model.js';
import { DirectoryService } from '../directory/directory.service.js';
import { touchCaseTime } from '../shared/case-time.js';
import type { AuthoredRecord } from './agency-records.entities.js';

/** Today's date in England and Wales (YYYY-MM-DD): record dates may not lie after it. */
export const todayInLondon = (now = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);

export const viewOf = (parent: object): AccessView => {
  const view = accessOf(parent);
  if (!view) throw new Error('object without an access view reached a resolver');
  return view;
};

/**
 * Per-request state of the features that keep their own loaders: keyed on the request's
 * loader bag, so it lives and dies with the request and is never shared across users
 * (security.md 3.2 #9).
 */
const perRequestState = new WeakMap<object, Map<string, unknown>>();
export function perRequest<T>(scope: RequestScope, key: string, make: () => T): T {
  let state = perRequestState.get(scope.loaders);
  if (!state) {
    state = new Map();
    perRequestState.set(scope.loaders, state);
  }
  if (!state.has(key)) state.set(key, make());
  return state.get(key) as T;
}

export function groupBy<T>(rows: T[], key: (row: T) => string, keys: readonly string[]): T[][] {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/** A case loaded fresh for a write; NOT_FOUND when the caller may not see it at all. */
export async function caseForWrite(scope: RequestScope, db: Queryable, caseId: string): Promise<CaseRow> {
  const [row] = await findCasesByIds(db, [caseId]);
  await scope.access.ability();
  if (!row) throw notFound('Case');
  scope.access.invalidate(caseId);
  if (!scope.access.view(row).fields.has('D1')) throw notFound('Case');
  return row;
}

export interface AuthoredFacts {
  category: DataCategory;
  authorAgencyId: string;
  entityType: string;
  entityId: string;
}

/**
 * The reader's view of one authored record, or null when the record must be absent. The view
 * names the record itself (not the case) so the audit log says which record was read and whose
 * agency's data it is.
 */
export function authoredView(scope: RequestScope, row: CaseRow, facts: AuthoredFacts): AccessView | null {
  const view = scope.access.recordView(row, facts);
  if (!view) return null;
  return {
    ...view,
    entityType: facts.entityType,
    entityId: facts.entityId,
    caseId: row.id,
    ownerAgencyId: facts.authorAgencyId,
  };
}

/** Refuses the whole write when the matrix does not let the caller's role write the category. */
export async function requireRecordWrite(
  scope: RequestScope,
  row: CaseRow,
  category: DataCategory,
  authorAgencyId: string,
  action: 'create' | 'update',
): Promise<void> {
  if (!(await scope.access.canWriteRecord(row, { category, authorAgencyId }, action)))
    throw forbidden(`Not permitted to record ${category} on this case`, { category });
}

/**
 * Categories some of whose readers hold no right to the victim's location (D12): their free
 * text must not carry it (entitlements.md, "free text"). Police intelligence (D4) and advocacy
 * records (D14) are read only by roles that hold D12 already.
 */
export const SCREENED_CATEGORIES: ReadonlySet<DataCategory> = new Set([
  'D1',
  'D5',
  'D6',
  'D7',
  'D8',
  'D9',
  'D10',
]);

export async function screenFreeText(
  guard: FreeTextGuard,
  scope: RequestScope,
  caseId: string,
  category: DataCategory,
  fields: Record<string, string | null | undefined>,
): Promise<void> {
  if (!SCREENED_CATEGORIES.has(category)) return;
  for (const [field, text] of Object.entries(fields)) await guard.assert(scope, caseId, text, field);
}

/** Bumps the case's updated time and tells other services what changed (ids and codes only). */
export async function touchCase(
  m: EntityManager,
  outbox: OutboxLike,
  scope: RequestScope,
  row: CaseRow,
  categories: FieldKey[],
): Promise<void> {
  await touchCaseTime(m, row.id, categories);
  await outbox.write(m, {
    type: EVENT_TYPES.caseUpdated,
    aggregateType: 'Case',
    aggregateId: row.id,
    actorId: scope.actor.userId,
    correlationId: scope.actor.requestId,
    payload: { caseId: row.id, clinicId: row.clinicId, categories },
  });
}

/** Any unique-violation from PostgreSQL (a concurrent write won the race). */
export const isUniqueViolation = (error: unknown) => (error as { code?: unknown })?.code === '23505';

type AuthoredRow = Pick<AuthoredRecord, 'authorAgencyId' | 'authorUserId' | 'updatedByUserId'>;

/**
 * Resolvers for the authorship fields (`authorAgency`, `author`, `updatedBy`) of one record
 * type, guarded by the record's category (or its limited view). One class per type, as NestJS
 * binds a resolver class to one object type.
 */
export function authorshipResolver(
  model: abstract new () => object,
  category: FieldKey,
  name: string,
  opts: { inheritPurpose?: boolean } = {},
) {
  @Resolver(() => model)
  class AuthorshipResolver {
    constructor(readonly directory: DirectoryService) {}

    @ResolveField(() => AgencyModel, { nullable: true, description: 'The agency that wrote the record' })
    @Cat(category, opts)
    async authorAgency(@Parent() parent: AuthoredRow, @Context() ctx: CasesContext) {
      const row = await ctx.loaders.agencies.load(parent.authorAgencyId);
      return row ? this.directory.withDirView(ctx, 'Agency', row) : null;
    }

    @ResolveField(() => UserModel, { nullable: true })
    @Cat(category, opts)
    async author(@Parent() parent: AuthoredRow, @Context() ctx: CasesContext) {
      const row = await ctx.loaders.users.load(parent.authorUserId);
      return row ? this.directory.withDirView(ctx, 'User', row) : null;
    }

    @ResolveField(() => UserModel, { nullable: true })
    @Cat(category, opts)
    async updatedBy(@Parent() parent: AuthoredRow, @Context() ctx: CasesContext) {
      const row = await ctx.loaders.users.load(parent.updatedByUserId);
      return row ? this.directory.withDirView(ctx, 'User', row) : null;
    }
  }
  Object.defineProperty(AuthorshipResolver, 'name', { value: name });
  return AuthorshipResolver;
}
