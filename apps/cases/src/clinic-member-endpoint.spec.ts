import { randomUUID } from 'node:crypto';
import { generateDevKeyPair, InternalTokenSigner } from '@scp/platform-auth';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/** The meetings service asks, before it records an attendee, which agency of the clinic a user is in. */
describe('POST /internal/clinic-member', () => {
  const meetingsKey = generateDevKeyPair();
  const meetings = new InternalTokenSigner({ privateKey: meetingsKey.privateKeyPem });
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ serviceCallerKeys: [meetingsKey.publicKeyPem] });
  });
  afterAll(async () => h?.close());

  const ask = (token: string, body: unknown) =>
    fetch(`${h.url}/internal/clinic-member`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const asMeetings = () => meetings.mintForService('meetings', 'cases', randomUUID());

  it("answers a member's agency, 404 for a user in no agency of the clinic", async () => {
    const { clinics, users, agencies } = h.fixture;
    const member = await ask(asMeetings(), { clinicId: clinics.NV, userId: users['advocate.nva'] });
    expect(member.status).toBe(200);
    expect(await member.json()).toEqual({ agencyId: agencies.NVA });
    // South Fen's police officer: SFC is a member of South Fen's clinic only.
    expect((await ask(asMeetings(), { clinicId: clinics.NV, userId: users['spoc.sfc'] })).status).toBe(404);
    expect((await ask(asMeetings(), { clinicId: clinics.SF, userId: users['spoc.sfc'] })).status).toBe(200);
    expect((await ask(asMeetings(), { clinicId: clinics.NV, userId: randomUUID() })).status).toBe(404);
    expect((await ask(asMeetings(), { clinicId: clinics.NV, userId: 'x' })).status).toBe(400);
  });

  it('refuses the gateway key and user tokens: only the meetings service key may ask', async () => {
    const body = { clinicId: h.fixture.clinics.NV, userId: h.fixture.users['advocate.nva'] };
    expect((await ask(h.signer.mintForService('meetings', 'cases', randomUUID()), body)).status).toBe(401);
    expect((await ask(h.signer.mintForUser(await h.actor('spoc.nvp'), 'cases'), body)).status).toBe(401);
  });
});
