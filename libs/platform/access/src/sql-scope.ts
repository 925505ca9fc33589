import type { Action, AppAbility, SubjectType } from './ability.js';

/** How one CASL attribute becomes SQL. Only attributes listed in a mapping may appear in a rule. */
export type SqlAttribute =
  | { kind: 'column'; column: string; cast?: string }
  /** An attribute that holds a set (e.g. current participant agencies): `eq` means "contains". */
  | { kind: 'contains'; sql: (param: string) => string };

/** The shape of CASL's rule AST (from @ucast/mongo) that we accept. */
interface Condition {
  operator: string;
  field?: string;
  value?: unknown;
}

export type SqlMapping = Readonly<Record<string, SqlAttribute>>;

export class UntranslatableRuleError extends Error {}

/**
 * Translates the row rules for (action, subject, field) into a SQL predicate, appending values to
 * `params` ($n placeholders). Whitelisted: `and`, `or`, `eq`, `in` on mapped attributes. Anything
 * else throws, so a new kind of rule can never be silently ignored. No rule ⇒ `FALSE` (CASL's
 * `null` AST must never read as "no filter").
 */
export function rulesToSql(
  ability: AppAbility,
  action: Action,
  subjectType: SubjectType,
  field: string | undefined,
  mapping: SqlMapping,
  params: unknown[],
): string {
  const rules = ability.rulesFor(action, subjectType, field);
  if (!rules.length) return 'FALSE';
  const parts: string[] = [];
  for (const rule of rules) {
    if (rule.inverted) throw new UntranslatableRuleError('inverted rules are not used for confidentiality');
    if (!rule.conditions) return 'TRUE';
    parts.push(translate(rule.ast as Condition, mapping, params));
  }
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

function param(params: unknown[], value: unknown, cast?: string): string {
  params.push(value);
  return `$${params.length}${cast ? `::${cast}` : ''}`;
}

function translate(node: Condition, mapping: SqlMapping, params: unknown[]): string {
  const { operator } = node;
  if (operator === 'and' || operator === 'or') {
    const children = (node as unknown as { value: Condition[] }).value;
    if (!children.length) throw new UntranslatableRuleError(`empty ${operator}`);
    const sql = children.map((c) => translate(c, mapping, params));
    return `(${sql.join(operator === 'and' ? ' AND ' : ' OR ')})`;
  }
  const field = String(node.field);
  const value = node.value;
  const attr = Object.prototype.hasOwnProperty.call(mapping, field) ? mapping[field] : undefined;
  if (!attr) throw new UntranslatableRuleError(`attribute "${field}" has no SQL mapping`);
  if (operator === 'eq') {
    if (value === null || value === undefined || typeof value === 'object')
      throw new UntranslatableRuleError(`eq on "${field}" needs a scalar`);
    return attr.kind === 'contains'
      ? attr.sql(param(params, value))
      : `${attr.column} = ${param(params, value, attr.cast)}`;
  }
  if (operator === 'in') {
    if (!Array.isArray(value) || value.some((v) => v === null || typeof v === 'object'))
      throw new UntranslatableRuleError(`in on "${field}" needs an array of scalars`);
    if (attr.kind !== 'column') throw new UntranslatableRuleError(`in on set attribute "${field}"`);
    return `${attr.column} = ANY(${param(params, value, attr.cast ? `${attr.cast}[]` : undefined)})`;
  }
  throw new UntranslatableRuleError(`operator "${operator}" is not translatable`);
}
