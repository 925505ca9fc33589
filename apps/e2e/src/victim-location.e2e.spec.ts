import { startStack, type Stack } from './stack.js';

type Events = { auditEvents: { nodes: { actorId: string; action: string; purpose: string }[] } };

describe('end to end: the victim moves (scenario 11) and the DPO reviews who looked (scenario 15)', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ canaries: true });
  }, 90_000);
  afterAll(async () => s?.close());

  const locations = `query($id: ID!) { case(id: $id) { victims { locations(reason: SAFETY_PLANNING, purpose: "Scenario 11 check") { addressLine1 postcode current } } } }`;

  it('scenario 11: the advocate records the new address; only police and advocacy see either address', async () => {
    const moved = await s.gql(
      'advocate.nva',
      `mutation($input: AddLocationInput!) { addLocation(input: $input) { id caseId } }`,
      {
        input: {
          personId: s.fixture.persons['NV1.victim'],
          kind: 'HOME',
          addressLine1: '7 Relocation Row',
          postcode: 'ZZ1 7RR',
          supersedeCurrent: true,
        },
      },
    );
    expect(moved.body.errors).toBeUndefined();
    for (const user of ['spoc.nvp', 'advocate.nva']) {
      const res = await s.gql(user, locations, { id: s.fixture.cases.NV1 });
      const list = (
        res.body.data as { case: { victims: { locations: { addressLine1: string; current: boolean }[] }[] } }
      ).case.victims[0]!.locations;
      expect(list[0]).toMatchObject({ addressLine1: '7 Relocation Row', current: true });
      expect(list.some((l) => !l.current && s.fixture.canaries.D12.some((c) => c === l.addressLine1))).toBe(
        true,
      );
    }
    for (const user of ['coord.nvc', 'mh.nvh', 'probation.nvps', 'cps.nv', 'chair.sfh', 'auditor.nvp']) {
      const res = await s.gql(user, locations, { id: s.fixture.cases.NV1 });
      expect(res.text).not.toContain('Relocation');
      for (const canary of s.fixture.canaries.D12) expect(res.text).not.toContain(canary);
    }
  });

  it("scenario 15: the police DPO sees who viewed the victim's address in the last 30 days, each with its purpose", async () => {
    await s.gql('spoc.nvp', locations.replace('Scenario 11 check', 'Safety visit planning'), {
      id: s.fixture.cases.NV1,
    });
    const since = new Date(Date.now() - 30 * 86400_000).toISOString();
    const res = await s.gql<Events>(
      'auditor.nvp',
      `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 100) { nodes { actorId action purpose } } }`,
      { f: { caseId: s.fixture.cases.NV1, category: 'D12', since } },
    );
    expect(res.body.errors).toBeUndefined();
    const views = res.body.data!.auditEvents.nodes.filter((n) => n.action === 'VIEW');
    expect(new Set(views.map((v) => v.actorId))).toEqual(
      new Set([s.fixture.users['spoc.nvp'], s.fixture.users['advocate.nva']]),
    );
    expect(views.map((v) => v.purpose)).toEqual(
      expect.arrayContaining([
        'Safety planning for the victim: Safety visit planning',
        'Safety planning for the victim: Scenario 11 check',
      ]),
    );
    // Someone else's DPO sees none of it.
    const other = await s.gql<Events>(
      'auditor.sfc',
      `query($f: AuditEventFilter) { auditEvents(filter: $f) { nodes { actorId } } }`,
      {
        f: { caseId: s.fixture.cases.NV1 },
      },
    );
    expect(other.body.data!.auditEvents.nodes).toEqual([]);
  });
});
