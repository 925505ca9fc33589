import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

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
