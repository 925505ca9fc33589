import { randomUUID } from 'node:crypto';
import { startReferralsHarness, type ReferralsHarness } from './testing/referrals-harness.js';
import { ACCEPT, CANARY_STREET, CREATE, ok, referralInput, SCREEN, SUBMIT } from './testing/referral-ops.js';

describe('internal hand-off of an accepted referral to the cases service', () => {
  let h: ReferralsHarness;
  let accepted: string;
  let submitted: string;
  beforeAll(async () => {
    h = await startReferralsHarness();
    const nv = h.fixture.clinics.NV!;
    let r = await ok(h, 'spoc.nvp', CREATE, referralInput(nv));
    r = await ok(h, 'spoc.nvp', SUBMIT, { id: r.id, expectedVersion: r.version });
    submitted = (await ok(h, 'spoc.nvp', CREATE, referralInput(nv))).id;
    r = await ok(h, 'coord.nvc', SCREEN, { id: r.id, expectedVersion: r.version });
    r = await ok(h, 'coord.nvc', ACCEPT, {
      id: r.id,
      expectedVersion: r.version,
      tier: 'CLINIC_CASE',
      participantAgencyIds: [],
    });
    accepted = r.id;
  });
  afterAll(async () => h?.close());

  const get = (id: string, token?: string) =>
    fetch(
      `${h.url}/internal/referrals/${id}/handoff`,
      token ? { headers: { authorization: `Bearer ${token}` } } : {},
    );

  it('returns the people of an accepted referral to the cases service, and audits the disclosure', async () => {
    const res = await get(accepted, h.signer.mintForService('cases', 'referrals', randomUUID()));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      subject: { familyName: string };
      victimLocations: { addressLine1: string }[];
    };
    expect(body.subject.familyName).toBe('Testperson');
    expect(body.victimLocations[0]!.addressLine1).toBe(CANARY_STREET);
    const [audit] = await h.owner.query(
      `SELECT count(*)::int AS n FROM audit.events WHERE action = 'DISCLOSURE' AND entity_id = $1 AND 'D12' = ANY(categories)`,
      [accepted],
    );
    expect(audit.n).toBe(1);
  });

  it('refuses users, other services, no token, and referrals that are not accepted', async () => {
    expect((await get(accepted)).status).toBe(401);
    expect((await get(accepted, h.signer.mintForUser(h.actor('chair.nvp'), 'referrals'))).status).toBe(403);
    expect((await get(accepted, h.signer.mintForService('gateway', 'referrals', randomUUID()))).status).toBe(
      403,
    );
    expect((await get(accepted, h.signer.mintForService('cases', 'cases', randomUUID()))).status).toBe(401);
    const token = h.signer.mintForService('cases', 'referrals', randomUUID());
    expect((await get(submitted, token)).status).toBe(404);
    expect((await get(randomUUID(), token)).status).toBe(404);
    // A service token opens no GraphQL.
    const gql = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ referralsCount }' }),
    });
    expect(gql.status === 401 || JSON.stringify(await gql.json()).includes('UNAUTHENTICATED')).toBe(true);
  });
});
