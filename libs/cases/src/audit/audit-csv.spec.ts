import { auditCsv } from './audit-csv.js';
import type { AuditRow } from './audit-query.service.js';

const row = (over: Partial<AuditRow>): AuditRow => ({
  seq: '7',
  id: 'e1',
  occurredAt: new Date('2027-03-09T10:00:00Z'),
  actorId: 'u1',
  actorAgencyId: 'a1',
  action: 'VIEW',
  entityType: 'Case',
  entityId: 'c1',
  caseId: 'c1',
  categories: ['D12', 'D6'],
  purpose: 'Safety planning for the victim: visit',
  recipients: null,
  requestId: 'r1',
  service: 'cases',
  ...over,
});

describe('audit CSV', () => {
  it('one header row and one line per event, lists joined with ";", dates in ISO 8601, CRLF', () => {
    const csv = auditCsv([row({}), row({ seq: '6', recipients: ['ag-1', 'ag-2'] })]);
    expect(csv.split('\r\n')).toEqual([
      'seq,occurred_at,actor_id,actor_agency_id,action,entity_type,entity_id,case_id,categories,purpose,recipients,request_id,service',
      '7,2027-03-09T10:00:00.000Z,u1,a1,VIEW,Case,c1,c1,D12;D6,Safety planning for the victim: visit,,r1,cases',
      '6,2027-03-09T10:00:00.000Z,u1,a1,VIEW,Case,c1,c1,D12;D6,Safety planning for the victim: visit,ag-1;ag-2,r1,cases',
      '',
    ]);
  });

  it('quotes commas, quotes and line breaks, and never lets a cell run as a spreadsheet formula', () => {
    const csv = auditCsv([
      row({ purpose: 'He said "stop", then left\nagain' }),
      row({ purpose: '=HYPERLINK("http://x.invalid")' }),
      row({ purpose: '+1', entityId: '@SUM(A1)', requestId: '-2' }),
    ]);
    expect(csv).toContain('"He said ""stop"", then left\nagain"');
    for (const formula of ['=HYPERLINK', '+1', '@SUM', '-2'])
      expect(csv).not.toMatch(
        new RegExp(`(^|,)"?\\${formula[0]}${formula.slice(1).replace(/[()]/g, '\\$&')}`, 'm'),
      );
    expect(csv).toContain(`'=HYPERLINK`);
  });
});
