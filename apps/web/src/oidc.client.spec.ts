import { createHash } from 'node:crypto';
import { pkcePair, tokenExpiry } from './oidc.client.js';

describe('web: OIDC helpers', () => {
  it('makes an RFC 7636 S256 pair', async () => {
    const { verifier, challenge } = await pkcePair();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
    expect((await pkcePair()).verifier).not.toBe(verifier);
  });

  it('takes the expiry from a JWT, else from expires_in', () => {
    const payload = Buffer.from(JSON.stringify({ exp: 2_000_000_000 })).toString('base64url');
    expect(tokenExpiry(`e30.${payload}.sig`)).toBe(2_000_000_000_000);
    expect(tokenExpiry('opaque', 60, 1000)).toBe(61_000);
  });
});
