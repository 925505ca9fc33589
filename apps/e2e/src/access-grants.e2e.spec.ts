import { eventually } from '@scp/platform-testing';
import { startStack, type Stack } from './stack.js';

/**
 * Who may act, through the gateway: roles change only by someone else's hand, and a revoked role
 * stops acting at once (the gateway's actor cache hears of the change before it is committed).
 */
describe('roles and revocation through the gateway', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ canaries: true });
  }, 90_000);
  afterAll(async () => s?.close());

  const UPDATE = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { id version } }`;
  const version = async (userId: string): Promise<number> =>
    (await s.owner.query(`SELECT version FROM cases.users WHERE id = $1`, [userId]))[0].version;
  const read = `query($id: ID!) { case(id: $id) { reference } }`;

  it('a system admin cannot give itself a clinic role, and still sees no case', async () => {
    const admin = s.fixture.users['admin.nvc']!;
    const res = await s.gql('admin.nvc', UPDATE, {
      input: {
        id: admin,
        expectedVersion: await version(admin),
        roles: [{ role: 'SYSTEM_ADMIN' }, { role: 'CLINIC_COORDINATOR', clinicId: s.fixture.clinics.NV }],
      },
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const cases = await s.gql('admin.nvc', `{ casesCount }`);
    expect(cases.body.data).toEqual({ casesCount: 0 });
  });

  it("break-glass by a partner agency's DPO tells the lead agency, in the inbox and by email, in neutral words", async () => {
    const [dpo] = await s.owner.query(
      `INSERT INTO cases.users (username, display_name, email, agency_id) VALUES ('auditor.nvh', 'Demo DPO (North Vale NHS)', 'auditor.nvh@example.invalid', $1) RETURNING id`,
      [s.fixture.agencies.NVH],
    );
    await s.owner.query(`INSERT INTO cases.user_roles (user_id, role) VALUES ($1, 'AUDITOR_DPO')`, [dpo.id]);
    const opened = await s.gql(
      'auditor.nvh',
      `mutation($id: ID!, $p: String!) { breakGlass(caseId: $id, reason: AUDIT_OR_COMPLAINT, purpose: $p) { caseId } }`,
      { id: s.fixture.cases.NV1, p: 'Complaint investigation DPO-2026-20' },
    );
    expect(opened.body.errors).toBeUndefined();
    const title = 'A case your agency leads was opened by break-glass';
    const inbox = async (user: string) =>
      (
        await s.gql<{ myNotifications: { items: { kind: string; title: string; link: string }[] } }>(
          user,
          `{ myNotifications(first: 100) { items { kind title link } } }`,
        )
      ).body.data?.myNotifications.items.filter((i) => i.kind === 'BREAK_GLASS_USED') ?? [];
    for (const user of ['chair.nvp', 'auditor.nvp']) {
      await eventually(async () => (await inbox(user)).length === 1, 20_000);
      expect(await inbox(user)).toEqual([
        { kind: 'BREAK_GLASS_USED', title, link: `/cases/${s.fixture.cases.NV1}` },
      ]);
      await eventually(
        async () =>
          s.mail
            .messages()
            .some((m) => m.to.includes(`${user}@example.invalid`) && m.subject.includes(title)),
        20_000,
      );
    }
    // Nobody outside the lead agency hears of it, the DPO who broke glass included.
    for (const user of ['mh.nvh', 'advocate.nva', 'auditor.nvh']) expect(await inbox(user)).toEqual([]);
    const bodies = s.mail
      .messages()
      .filter((m) => m.subject.includes(title))
      .map((m) => JSON.stringify(m));
    for (const body of bodies) {
      expect(body).not.toContain('DPO-2026-20');
      expect(body).not.toContain('CANARY');
    }
  });

  it('a revoked role acts not once more, however recently the actor was resolved', async () => {
    const before = await s.gql('spoc.nvp', read, { id: s.fixture.cases.NV2 });
    expect(before.body.data).toEqual({ case: { reference: 'NV-2026-0002' } });
    const spoc = s.fixture.users['spoc.nvp']!;
    const revoked = await s.gql('admin.nvc', UPDATE, {
      input: { id: spoc, expectedVersion: await version(spoc), roles: [] },
    });
    expect(revoked.body.errors).toBeUndefined();
    const after = await s.gql('spoc.nvp', read, { id: s.fixture.cases.NV2 });
    expect(after.body.data?.case ?? null).toBeNull();
    expect(after.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
