/**
 * Schema and role names end up inside SQL text (DDL, LISTEN and schema-qualified table names cannot
 * be bound as parameters), so they are checked against a strict pattern before use.
 */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertIdentifier(name: string, what = 'identifier'): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Invalid SQL ${what}: ${JSON.stringify(name)}`);
  return name;
}

/** `"name"` for a checked identifier. */
export function quoteIdent(name: string, what?: string): string {
  return `"${assertIdentifier(name, what)}"`;
}

/** `"schema"."table"`. */
export function qualified(schema: string, table: string): string {
  return `${quoteIdent(schema, 'schema name')}.${quoteIdent(table, 'table name')}`;
}
