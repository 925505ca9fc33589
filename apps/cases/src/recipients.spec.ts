import { randomUUID } from 'node:crypto';
import { generateDevKeyPair, InternalTokenSigner } from '@scp/platform-auth';
import type { Recipient, RecipientQuery } from '@scp/contracts';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/** The notifications service asks, at send time, who a message goes to now. */
describe('POST /internal/recipients', () => {
  const notificationsKey = generateDevKeyPair();
  const meetingsKey = generateDevKeyPair();
  const notifications = new InternalTokenSigner({ privateKey: notificationsKey.privateKeyPem });
  const meetings = new InternalTokenSigner({ privateKey: meetingsKey.privateKeyPem });
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({
      canaries: false,
      serviceCallerKeys: [meetingsKey.publicKeyPem],
      notificationsCallerKeys: [notificationsKey.publicKeyPem],
    });
  });
  afterAll(async () => h?.close());

  const ask = async (query: RecipientQuery | Record<string, unknown>, token?: string) =>
    fetch(`${h.url}/internal/recipients`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token ?? notifications.mintForService('notifications', 'cases', randomUUID())}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(query),
    });
  const names = async (query: RecipientQuery) => {
    const res = await ask(query);
    expect(res.status).toBe(200);
    const { recipients } = (await res.json()) as { recipients: Recipient[] };
    const byId = new Map(Object.entries(h.fixture.users).map(([name, id]) => [id, name]));
    return recipients.map((r) => byId.get(r.userId)).sort();
  };

  it("a clinic's officers; users of agencies by role, only where the agency takes part in the case", async () => {
    const nv1 = h.fixture.cases.NV1!;
    expect(await names({ caseId: nv1, clinicOfficers: true })).toEqual(['chair.nvp', 'coord.nvc']);
    expect(await names({ caseId: nv1, roles: ['POLICE_SPOC', 'VICTIM_ADVOCATE'] })).toEqual([
      'advocate.nva',
      'chair.nvp',
      'spoc.nvp',
    ]);
    // South Fen users hold the same roles but take no part in NV1.
    expect(
      await names({
        caseId: nv1,
        userIds: [h.fixture.users['spoc.sfc']!, h.fixture.users['mh.nvh']!],
      }),
    ).toEqual(['mh.nvh']);
    const body = (await (await ask({ userIds: [h.fixture.users['mh.nvh']!] })).json()) as {
      recipients: Recipient[];
    };
    const [r] = body.recipients;
    expect(r).toMatchObject({
      email: 'mh.nvh@example.invalid',
      agencyId: h.fixture.agencies.NVH,
      roles: ['MH_CLINICIAN'],
    });
  });

  it('a user whose agency left the case, or who was disabled, gets nothing more', async () => {
    const nv1 = h.fixture.cases.NV1!;
    await h.owner.query(
      `UPDATE cases.participants SET left_at = now() WHERE case_id = $1 AND agency_id = $2`,
      [nv1, h.fixture.agencies.NVPS],
    );
    await h.owner.query(`UPDATE cases.users SET active = false WHERE id = $1`, [h.fixture.users['cps.nv']]);
    expect(
      await names({ caseId: nv1, roles: ['PROBATION_OFFICER', 'CPS_CONSULTEE', 'MH_CLINICIAN'] }),
    ).toEqual(['mh.nvh']);
  });

  it('only the notifications key may ask; bad queries are refused', async () => {
    expect(
      (
        await ask(
          { clinicOfficers: true, clinicId: h.fixture.clinics.NV },
          meetings.mintForService('notifications', 'cases', randomUUID()),
        )
      ).status,
    ).toBe(401);
    expect(
      (await ask({ clinicOfficers: true }, h.signer.mintForService('gateway', 'cases', randomUUID()))).status,
    ).toBe(401);
    expect((await ask({ roles: ['KING'] })).status).toBe(400);
    expect((await ask({ caseId: 'nope' })).status).toBe(400);
  });
});
