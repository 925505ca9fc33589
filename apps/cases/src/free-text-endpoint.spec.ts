import { randomUUID } from 'node:crypto';
import { generateDevKeyPair, InternalTokenSigner } from '@scp/platform-auth';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/** The meetings service asks whether minutes carry the case's victim location (entitlements.md, free text). */
describe('POST /internal/free-text-check', () => {
  const meetingsKey = generateDevKeyPair();
  const meetings = new InternalTokenSigner({ privateKey: meetingsKey.privateKeyPem });
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: true, serviceCallerKeys: [meetingsKey.publicKeyPem] });
  });
  afterAll(async () => h?.close());

  const check = (token: string, text: string) =>
    fetch(`${h.url}/internal/free-text-check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ caseId: h.fixture.cases.NV1, text }),
    });

  it('answers ok:false for text holding a victim location value, ok:true otherwise, and never echoes the value', async () => {
    const token = meetings.mintForService('meetings', 'cases', randomUUID());
    const leak = await check(token, `Agreed to visit ${h.fixture.canaries.D12[0]} on Friday`);
    expect(leak.status).toBe(200);
    const text = await leak.text();
    expect(JSON.parse(text)).toEqual({ ok: false });
    const clean = await check(token, 'Agreed to review the safety plan on Friday');
    expect(await clean.json()).toEqual({ ok: true });
  });

  it('refuses the gateway key and user tokens: only the meetings service key may ask', async () => {
    expect((await check(h.signer.mintForService('meetings', 'cases', randomUUID()), 'x')).status).toBe(401);
    expect((await check(h.signer.mintForUser(await h.actor('spoc.nvp'), 'cases'), 'x')).status).toBe(401);
    // And the meetings key cannot reach GraphQL.
    const gql = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${meetings.mintForService('meetings', 'cases', randomUUID())}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ query: '{ casesCount }' }),
    });
    expect(gql.status).toBe(401);
  });
});
