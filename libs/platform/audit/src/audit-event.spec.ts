import type { DataSource } from 'typeorm';
import {
  GENESIS_HASH,
  canonicalJson,
  canonicalTimestamp,
  chainHash,
  type AuditRecord,
} from './audit-event.js';
import { AuditValidationError, AuditWriter } from './audit-writer.js';

const record: AuditRecord = {
  id: '00000000-0000-4000-8000-0000000000f1',
  occurredAt: '2026-01-01T00:00:00.123000Z',
  actorId: 'user-1',
  actorAgencyId: 'agency-1',
  action: 'VIEW',
  entityType: 'Case',
  entityId: 'case-1',
  caseId: 'case-1',
  ownerAgencyId: 'agency-2',
  categories: ['D1', 'D12'],
  purpose: 'safety planning review',
  recipients: [],
  requestId: 'req-1',
  service: 'cases',
};

describe('audit hash chain (unit)', () => {
  it('writes timestamps with microseconds, as PostgreSQL returns them', () => {
    expect(canonicalTimestamp(new Date('2026-01-01T00:00:00.123Z'))).toBe('2026-01-01T00:00:00.123000Z');
  });

  it('serialises a record the same way whatever the key order', () => {
    const shuffled = Object.fromEntries(Object.entries(record).reverse()) as unknown as AuditRecord;
    expect(canonicalJson(shuffled)).toBe(canonicalJson(record));
    expect(chainHash(GENESIS_HASH, shuffled)).toBe(chainHash(GENESIS_HASH, record));
  });

  it('changes the hash when any field or the previous hash changes', () => {
    const base = chainHash(GENESIS_HASH, record);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash('1'.repeat(64), record)).not.toBe(base);
    for (const key of Object.keys(record) as (keyof AuditRecord)[]) {
      const value = record[key];
      const changed = { ...record, [key]: Array.isArray(value) ? [...value, 'D2'] : `${value}x` };
      expect(chainHash(GENESIS_HASH, changed)).not.toBe(base);
    }
  });

  it('validates events before any SQL runs', async () => {
    // The data source is never reached: validation fails first.
    const writer = new AuditWriter({} as DataSource, 'cases');
    const ok = {
      actorId: 'u',
      action: 'VIEW' as const,
      entityType: 'Case',
      categories: ['D1' as const],
      purpose: 'p',
    };
    await expect(writer.write([{ ...ok, purpose: ' ' }])).rejects.toBeInstanceOf(AuditValidationError);
    await expect(writer.write([{ ...ok, actorId: '' }])).rejects.toMatchObject({ field: 'actorId' });
    await expect(writer.write([])).resolves.toBeUndefined();
  });
});
