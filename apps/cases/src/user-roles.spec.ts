import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

const UPDATE = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { id roles { role } version } }`;
const EVENTS = `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 50) { nodes { action entityId actorId purpose } } }`;
type Events = {
  auditEvents: { nodes: { action: string; entityId: string; actorId: string; purpose: string }[] };
};

describe('roles: nobody changes their own, and every grant is a ROLE_CHANGE the DPO sees', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: false });
  });
  afterAll(async () => h?.close());

  const version = async (userId: string): Promise<number> =>
    (await h.owner.query(`SELECT version FROM cases.users WHERE id = $1`, [userId]))[0].version;
  const rolesOf = async (userId: string): Promise<string[]> =>
    (await h.owner.query(`SELECT role FROM cases.user_roles WHERE user_id = $1 ORDER BY role`, [userId])).map(
      (r: { role: string }) => r.role,
    );

  it('a system admin cannot give itself a case role; nothing is written', async () => {
    const admin = h.fixture.users['admin.nvc']!;
    const before = await version(admin);
    const res = await h.gql('admin.nvc', UPDATE, {
      input: {
        id: admin,
        expectedVersion: before,
        roles: [{ role: 'SYSTEM_ADMIN' }, { role: 'CLINIC_COORDINATOR', clinicId: h.fixture.clinics.NV }],
      },
    });
    expect(res.body.errors?.[0]).toMatchObject({
      message: 'Nobody can change their own roles',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(await rolesOf(admin)).toEqual(['SYSTEM_ADMIN']);
    expect(await version(admin)).toBe(before);
    expect((await h.gql('admin.nvc', `{ casesCount }`)).body.data).toEqual({ casesCount: 0 });
  });

  it("a grant that reaches case content is a ROLE_CHANGE, visible to the user's agency's DPO only", async () => {
    const spoc = h.fixture.users['spoc.nvp']!;
    const res = await h.gql('admin.nvc', UPDATE, {
      input: {
        id: spoc,
        expectedVersion: await version(spoc),
        roles: [{ role: 'POLICE_SPOC' }, { role: 'CLINIC_COORDINATOR', clinicId: h.fixture.clinics.NV }],
      },
    });
    expect(res.body.errors).toBeUndefined();
    const seen = await h.gql<Events>('auditor.nvp', EVENTS, { f: { action: 'ROLE_CHANGE' } });
    expect(seen.body.errors).toBeUndefined();
    expect(seen.body.data!.auditEvents.nodes).toEqual([
      {
        action: 'ROLE_CHANGE',
        entityId: spoc,
        actorId: h.fixture.users['admin.nvc'],
        purpose: `updateUser by ${h.fixture.users['admin.nvc']}: granted CLINIC_COORDINATOR@${h.fixture.clinics.NV} (reaches case content)`,
      },
    ]);
    const other = await h.gql<Events>('auditor.sfc', EVENTS, { f: { action: 'ROLE_CHANGE' } });
    expect(other.body.data!.auditEvents.nodes).toEqual([]);
  });

  it('an update that leaves the roles as they were writes no ROLE_CHANGE', async () => {
    const mh = h.fixture.users['mh.nvh']!;
    const res = await h.gql('admin.nvc', UPDATE, {
      input: { id: mh, expectedVersion: await version(mh), roles: [{ role: 'MH_CLINICIAN' }] },
    });
    expect(res.body.errors).toBeUndefined();
    const rows = await h.owner.query(
      `SELECT 1 FROM audit.events WHERE action = 'ROLE_CHANGE' AND entity_id = $1`,
      [mh],
    );
    expect(rows).toEqual([]);
  });
});
