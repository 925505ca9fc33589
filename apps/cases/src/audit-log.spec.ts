import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

const Q = `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 50) { nodes { actorId action categories purpose caseId } hasNextPage } }`;
type Events = {
  auditEvents: {
    nodes: { actorId: string; action: string; categories: string[]; purpose: string; caseId: string }[];
  };
};

describe('audit events (D23) and scenario 15', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness();
    const read = `query($id: ID!) { case(id: $id) { victims { locations(reason: SAFETY_PLANNING, purpose: "Safety planning visit") { addressLine1 } } } }`;
    await h.gql('spoc.nvp', read, { id: h.fixture.cases.NV1 });
    await h.gql('advocate.nva', read.replace('Safety planning visit', 'Check new address'), {
      id: h.fixture.cases.NV1,
    });
    await h.gql('spoc.sfc', `query($id: ID!) { case(id: $id) { reference } }`, { id: h.fixture.cases.SF1 });
  });
  afterAll(async () => h?.close());

  it("the police DPO sees who viewed the victim's address, each with its purpose", async () => {
    const since = new Date(Date.now() - 30 * 86400_000).toISOString();
    const res = await h.gql<Events>('auditor.nvp', Q, {
      f: { caseId: h.fixture.cases.NV1, category: 'D12', since },
    });
    expect(res.body.errors).toBeUndefined();
    const views = res.body.data!.auditEvents.nodes.filter((n) => n.action === 'VIEW');
    expect(views.map((v) => v.actorId).sort()).toEqual(
      [h.fixture.users['spoc.nvp'], h.fixture.users['advocate.nva']].sort(),
    );
    expect(views.map((v) => v.purpose).sort()).toEqual([
      'Safety planning for the victim: Check new address',
      'Safety planning for the victim: Safety planning visit',
    ]);
  });

  it("another force's DPO sees none of it; nobody but an auditor reads the log", async () => {
    const other = await h.gql<Events>('auditor.sfc', Q, { f: { caseId: h.fixture.cases.NV1 } });
    expect(other.body.data!.auditEvents.nodes).toEqual([]);
    const own = await h.gql<Events>('auditor.sfc', Q, { f: { caseId: h.fixture.cases.SF1 } });
    expect(own.body.data!.auditEvents.nodes.length).toBeGreaterThan(0);
    for (const user of ['chair.nvp', 'spoc.nvp', 'admin.nvc', 'coord.nvc'])
      expect((await h.gql(user, Q, {})).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  const EXPORT = `mutation($f: AuditEventFilter) { exportAuditEvents(filter: $f) { csv rowCount truncated } }`;
  type Export = { exportAuditEvents: { csv: string; rowCount: number; truncated: boolean } };

  it('the DPO exports what the filter matches as CSV — the same events the log lists — and the export is itself an event', async () => {
    const auditor = await h.actor('auditor.nvp');
    const f = { caseId: h.fixture.cases.NV1, category: 'D12' };
    const listed = (await h.gql<Events>('auditor.nvp', Q, { f })).body.data!.auditEvents.nodes;
    const res = await h.gql<Export>('auditor.nvp', EXPORT, { f });
    expect(res.body.errors).toBeUndefined();
    const out = res.body.data!.exportAuditEvents;
    const lines = out.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'seq,occurred_at,actor_id,actor_agency_id,action,entity_type,entity_id,case_id,categories,purpose,recipients,request_id,service',
    );
    expect(out).toMatchObject({ rowCount: listed.length, truncated: false });
    expect(lines).toHaveLength(listed.length + 1);
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(listed.map((n) => n.actorId));
    expect(out.csv).toContain('Safety planning for the victim: Safety planning visit');
    const rows: { action: string; purpose: string; categories: string[] }[] = await h.owner.query(
      `SELECT action, purpose, categories FROM audit.events WHERE actor_id = $1 AND action = 'EXPORT'`,
      [auditor.userId],
    );
    expect(rows).toEqual([
      {
        action: 'EXPORT',
        categories: ['D23'],
        purpose: `audit log export of ${listed.length} events (case ${h.fixture.cases.NV1}, category D12)`,
      },
    ]);
  });

  it("the export holds only the DPO's own agency's events, refuses everyone else, and never runs as a formula", async () => {
    // South Fen's DPO: of North Vale's case, only its own users' events (its own searches of it).
    const sf = await h.actor('auditor.sfc');
    const other = (await h.gql<Export>('auditor.sfc', EXPORT, { f: { caseId: h.fixture.cases.NV1 } })).body
      .data!.exportAuditEvents;
    const actors = other.csv
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(',')[2]);
    expect(actors.length).toBe(other.rowCount);
    expect(actors.filter((a) => a !== sf.userId)).toEqual([]);
    for (const user of ['chair.nvp', 'spoc.nvp', 'admin.nvc'])
      expect((await h.gql(user, EXPORT, {})).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('reading the log is logged', async () => {
    const auditor = await h.actor('auditor.nvp');
    await h.gql('auditor.nvp', Q, { f: { caseId: h.fixture.cases.NV1 } });
    const rows: { action: string; entity_type: string }[] = await h.owner.query(
      `SELECT action, entity_type FROM audit.events WHERE actor_id = $1`,
      [auditor.userId],
    );
    expect(rows).toContainEqual({ action: 'SEARCH', entity_type: 'AuditEvent' });
  });
});

describe('break-glass', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: true });
  });
  afterAll(async () => h?.close());

  const read = `query($id: ID!) { case(id: $id) { reference subject { familyName } } }`;
  const open = `mutation($id: ID!, $p: String!) { breakGlass(caseId: $id, reason: AUDIT_OR_COMPLAINT, purpose: $p) { caseId expiresAt } }`;

  it('an auditor sees nothing until glass is broken, then reads the case with every read audited under the purpose', async () => {
    expect(
      (await h.gql('auditor.nvp', read, { id: h.fixture.cases.NV1 })).body.errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');
    expect(
      (await h.gql('auditor.nvp', open, { id: h.fixture.cases.NV1, p: 'short' })).body.errors?.[0]?.extensions
        ?.code,
    ).toBe('BAD_USER_INPUT');
    const opened = await h.gql('auditor.nvp', open, {
      id: h.fixture.cases.NV1,
      p: 'Complaint investigation DPO-2026-17',
    });
    expect(opened.body.errors).toBeUndefined();
    const after = await h.gql('auditor.nvp', read, { id: h.fixture.cases.NV1 });
    expect(after.body.data).toEqual({
      case: { reference: 'NV-2026-0001', subject: { familyName: 'Exampleson' } },
    });
    const auditor = await h.actor('auditor.nvp');
    const events: { action: string; purpose: string; recipients: string[] }[] = await h.owner.query(
      `SELECT action, purpose, recipients FROM audit.events WHERE actor_id = $1 AND case_id = $2 ORDER BY seq`,
      [auditor.userId, h.fixture.cases.NV1],
    );
    expect(events[0]).toEqual({
      action: 'BREAK_GLASS',
      purpose: 'Audit, complaint or data protection review: Complaint investigation DPO-2026-17',
      recipients: [h.fixture.agencies.NVP],
    });
    expect(events.find((e) => e.action === 'VIEW')?.purpose).toBe(
      'break-glass: Audit, complaint or data protection review: Complaint investigation DPO-2026-17',
    );
    const [event] = await h.owner.query(`SELECT payload FROM cases.outbox WHERE type = 'audit.break-glass'`);
    expect(event.payload).toMatchObject({
      caseId: h.fixture.cases.NV1,
      leadAgencyId: h.fixture.agencies.NVP,
    });
    // Another case stays closed.
    expect(
      (await h.gql('auditor.nvp', read, { id: h.fixture.cases.NV2 })).body.errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');
  });

  it("glass breaks only into a case the DPO's own agency takes or took part in; any other is not found", async () => {
    const purpose = 'Complaint investigation DPO-2026-18';
    for (const [user, caseKey] of [
      ['auditor.nvp', 'SF1'],
      ['auditor.sfc', 'NV1'],
    ] as const) {
      const res = await h.gql(user, open, { id: h.fixture.cases[caseKey], p: purpose });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(
        (await h.gql(user, read, { id: h.fixture.cases[caseKey] })).body.errors?.[0]?.extensions?.code,
      ).toBe('NOT_FOUND');
    }
    const grants = await h.owner.query(
      `SELECT 1 FROM cases.break_glass_grants WHERE (case_id, agency_id) IN (($1::uuid, $2::uuid), ($3::uuid, $4::uuid))`,
      [h.fixture.cases.SF1, h.fixture.agencies.NVP, h.fixture.cases.NV1, h.fixture.agencies.SFC],
    );
    expect(grants).toEqual([]);
    // Each refused attempt is itself an audit event, by the case id asked for.
    const refusals: { entity_id: string; purpose: string }[] = await h.owner.query(
      `SELECT entity_id, purpose FROM audit.events
        WHERE action = 'ACCESS_DENIED' AND entity_type = 'Case' AND purpose LIKE 'refused: break-glass%'`,
    );
    expect(refusals.map((r) => r.entity_id).sort()).toEqual(
      [h.fixture.cases.SF1, h.fixture.cases.NV1].sort(),
    );
    // An agency that has left the case still answers for what it did there.
    await h.owner.query(
      `UPDATE cases.participants SET left_at = now() WHERE case_id = $1 AND agency_id = $2`,
      [h.fixture.cases.NV3, h.fixture.agencies.NVP],
    );
    const left = await h.gql('auditor.nvp', open, { id: h.fixture.cases.NV3, p: purpose });
    expect(left.body.errors).toBeUndefined();
  });

  it("opens what the DPO's agency's roles could read there, and never another agency's D6, D9 or D14", async () => {
    const records = `query($id: ID!) { case(id: $id) {
      reference
      victims { locations(reason: SAFETY_PLANNING, purpose: "Break-glass review for the clinic review") { addressLine1 } }
      policeIntelligence { intelligence }
      clinicalRecords(reason: RISK_ASSESSMENT, purpose: "Break-glass review for the clinic review") { clinicalNotes }
      probationDetail { caseNotes }
      advocacyRecords { disclosures }
    } }`;
    // Health and advocacy DPOs, to show that the agency's own D6 or D14 opens and no one else's.
    for (const [username, agency] of [
      ['auditor.nvh', 'NVH'],
      ['auditor.nva', 'NVA'],
    ] as const) {
      const [dpo] = await h.owner.query(
        `INSERT INTO cases.users (username, display_name, agency_id) VALUES ($1, 'Demo DPO', $2) RETURNING id`,
        [username, h.fixture.agencies[agency]],
      );
      await h.owner.query(`INSERT INTO cases.user_roles (user_id, role) VALUES ($1, 'AUDITOR_DPO')`, [
        dpo.id,
      ]);
    }
    const purpose = 'Subject access complaint DPO-2026-19';
    for (const user of ['auditor.nvp', 'auditor.nvh', 'auditor.nva'])
      expect((await h.gql(user, open, { id: h.fixture.cases.NV1, p: purpose })).body.errors).toBeUndefined();

    const police = (await h.gql('auditor.nvp', records, { id: h.fixture.cases.NV1 })).text;
    expect(police).toContain('CANARY-D4-NVP-NV1');
    expect(police).toContain('CANARY-D12-');
    for (const closed of ['CANARY-D6-', 'CANARY-D9-', 'CANARY-D14-']) expect(police).not.toContain(closed);

    const health = (await h.gql('auditor.nvh', records, { id: h.fixture.cases.NV1 })).text;
    expect(health).toContain('CANARY-D6-NVH-NV1');
    for (const closed of ['CANARY-D4-', 'CANARY-D9-', 'CANARY-D12-', 'CANARY-D14-'])
      expect(health).not.toContain(closed);

    const advocacy = (await h.gql('auditor.nva', records, { id: h.fixture.cases.NV1 })).text;
    expect(advocacy).toContain('CANARY-D14-NVA-NV1');
    expect(advocacy).toContain('CANARY-D12-');
    for (const closed of ['CANARY-D4-', 'CANARY-D6-', 'CANARY-D9-']) expect(advocacy).not.toContain(closed);
  });

  it('an expired grant opens nothing; only auditors may break glass', async () => {
    await h.owner.query(
      `UPDATE cases.break_glass_grants SET granted_at = now() - interval '2 hours', expires_at = now() - interval '1 hour'`,
    );
    expect(
      (await h.gql('auditor.nvp', read, { id: h.fixture.cases.NV1 })).body.errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');
    for (const user of ['admin.nvc', 'chair.nvp', 'spoc.sfc'])
      expect(
        (await h.gql(user, open, { id: h.fixture.cases.NV1, p: 'I would like to look please' })).body
          .errors?.[0]?.extensions?.code,
      ).toBe('FORBIDDEN');
  });
});
