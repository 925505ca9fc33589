import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/** Tables every service schema may hold with no domain entity (migrations and the event tables). */
export const PLATFORM_TABLES = ['migrations', 'outbox', 'processed_events'] as const;

type Columns = Record<string, Record<string, string>>;

const normalise = (dataType: string, udt: string): string => {
  if (dataType === 'ARRAY') return `${udt.replace(/^_/, '').replace(/^bool$/, 'boolean')}[]`;
  return (
    ({ 'timestamp with time zone': 'timestamptz', 'character varying': 'text' } as Record<string, string>)[
      dataType
    ] ?? dataType
  );
};

const sorted = (m: Map<string, Map<string, string>>): Columns =>
  Object.fromEntries(
    [...m]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([t, cols]) => [t, Object.fromEntries([...cols].sort())]),
  );

/**
 * The drift check of a service's schema: every table's columns as the database has them
 * (information_schema, type and nullability) and as the TypeORM entities declare them, in the
 * same shape, so `expect(entities).toEqual(database)` shows any column that differs, is missing
 * on either side, or a table without an entity. Tables in PLATFORM_TABLES are left out.
 */
export async function schemaDrift(
  owner: DataSource,
  schema: string,
  entities: readonly EntityTarget<ObjectLiteral>[],
): Promise<{ entities: Columns; database: Columns }> {
  const skip = new Set<string>(PLATFORM_TABLES);
  const rows: {
    table_name: string;
    column_name: string;
    data_type: string;
    udt_name: string;
    is_nullable: string;
    // raw SQL: information_schema, the database's own catalogue
  }[] = await owner.query(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = $1`,
    [schema],
  );
  const database = new Map<string, Map<string, string>>();
  for (const r of rows) {
    if (skip.has(r.table_name)) continue;
    const table = database.get(r.table_name) ?? new Map<string, string>();
    table.set(
      r.column_name,
      `${normalise(r.data_type, r.udt_name)}${r.is_nullable === 'YES' ? ' null' : ''}`,
    );
    database.set(r.table_name, table);
  }
  const declared = new Map<string, Map<string, string>>();
  for (const entity of entities) {
    const meta = owner.getMetadata(entity);
    declared.set(
      meta.tableName,
      new Map(
        meta.columns.map((c) => [
          c.databaseName,
          `${String(c.type)}${c.isArray ? '[]' : ''}${c.isNullable ? ' null' : ''}`,
        ]),
      ),
    );
  }
  return { entities: sorted(declared), database: sorted(database) };
}
