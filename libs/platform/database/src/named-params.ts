/**
 * A raw SQL fragment with positional placeholders (`$1`, `$2` … as the access rules' SQL
 * translation and older helpers write them) as a TypeORM query-builder condition with named
 * parameters, so a scoped condition can be added to a typed query:
 *
 *   const params: unknown[] = [];
 *   const scopeSql = await scope.access.scope('D1', params);
 *   const { sql, parameters } = namedParams(scopeSql, params, 'd1');
 *   repo.createQueryBuilder('c').where(sql, parameters).getMany();
 *
 * Each `$N` becomes `:prefix_N`, spread for arrays (`ANY(:…)` keeps working because TypeORM binds
 * an array parameter as one array value unless written `(:...name)`). The prefix keeps two
 * fragments of one query from colliding.
 */
export function namedParams(
  sql: string,
  params: readonly unknown[],
  prefix: string,
): { sql: string; parameters: Record<string, unknown> } {
  if (!/^[a-z][a-z0-9_]*$/i.test(prefix)) throw new Error(`namedParams: invalid prefix ${prefix}`);
  const parameters: Record<string, unknown> = {};
  const named = sql.replace(/\$(\d+)\b/g, (_match, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= params.length) throw new Error(`namedParams: $${n} has no parameter`);
    const name = `${prefix}_${n}`;
    parameters[name] = params[index];
    return `:${name}`;
  });
  return { sql: named, parameters };
}
