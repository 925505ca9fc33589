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
