import { randomUUID } from 'node:crypto';
import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Runs a query builder whose entity has an `id`, returning each entity with the named computed
 * selections (`addSelect(sql, name)`) merged in: one statement, typed by the entity.
 */
export async function entitiesWith<E extends ObjectLiteral & { id: string }, X extends object>(
  qb: SelectQueryBuilder<E>,
  computed: readonly (keyof X & string)[],
): Promise<(E & X)[]> {
  const { entities, raw } = await qb.getRawAndEntities<Record<string, unknown>>();
  const idKey = `${qb.alias}_id`;
  const byId = new Map(raw.map((r) => [String(r[idKey]), r]));
  return entities.map((e) => {
    const r = byId.get(e.id)!;
    const extra = Object.fromEntries(computed.map((k) => [k, r[k]])) as X;
    return Object.assign(e, extra);
  });
}

/** Inserts one row of an entity keyed by a uuid `id`, with a new id, and returns the id. */
export async function insertOne<E extends ObjectLiteral & { id: string }>(
  m: EntityManager,
  entity: EntityTarget<E>,
  values: Omit<Partial<E>, 'id'>,
): Promise<string> {
  const id = randomUUID();
  await m.insert(entity, { ...values, id } as unknown as E);
  return id;
}
