import { NOTIFICATIONS_ENTITIES } from '@scp/notifications';
import { startNotificationsHarness, type NotificationsHarness } from './testing/notifications-harness.js';

/** Tables of the schema that belong to the platform and have no domain entity. */
const PLATFORM_TABLES = new Set(['migrations', 'processed_events']);

const normalise = (dataType: string, udt: string): string => {
  if (dataType === 'ARRAY') return `${udt.replace(/^_/, '')}[]`;
  return (
    ({ 'timestamp with time zone': 'timestamptz', 'character varying': 'text' } as Record<string, string>)[
      dataType
    ] ?? dataType
  );
};

describe('entities and migrations agree (drift check)', () => {
  let h: NotificationsHarness;
  beforeAll(async () => {
    h = await startNotificationsHarness();
  });
  afterAll(async () => h?.close());

  it('every entity column exists with the same type and nullability, and every table has an entity', async () => {
    const rows: {
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      is_nullable: string;
    }[] = await h.owner.query(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'notifications'`,
    );
    const database = new Map<string, Map<string, string>>();
    for (const r of rows) {
      if (PLATFORM_TABLES.has(r.table_name)) continue;
      const table = database.get(r.table_name) ?? new Map<string, string>();
      table.set(
        r.column_name,
        `${normalise(r.data_type, r.udt_name)}${r.is_nullable === 'YES' ? ' null' : ''}`,
      );
      database.set(r.table_name, table);
    }
    const entities = new Map<string, Map<string, string>>();
    for (const entity of NOTIFICATIONS_ENTITIES) {
      const meta = h.owner.getMetadata(entity);
      entities.set(
        meta.tableName,
        new Map(
          meta.columns.map((c) => [
            c.databaseName,
            `${String(c.type)}${c.isArray ? '[]' : ''}${c.isNullable ? ' null' : ''}`,
          ]),
        ),
      );
    }
    const describe = (m: Map<string, Map<string, string>>) =>
      Object.fromEntries(
        [...m]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([t, cols]) => [t, Object.fromEntries([...cols].sort())]),
      );
    expect(describe(entities)).toEqual(describe(database));
  });
});
