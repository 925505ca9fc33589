import { jest } from '@jest/globals';
import { generateDevKeyPair, loadInternalKeys } from './internal-keys.js';
import { InternalTokenSigner, InternalTokenVerifier } from './internal-token.js';

const actor = {
  userId: 'user-0001',
  agencyId: 'agency-0001',
  agencyType: 'HEALTH' as const,
  roles: ['MH_CLINICIAN' as const],
  clinicIds: [],
  requestId: 'rid-0001',
};

describe('loadInternalKeys', () => {
  it('reads PEMs written on one line with \\n escapes and checks they are one pair', () => {
    const { privateKeyPem, publicKeyPem } = generateDevKeyPair();
    const env = {
      NODE_ENV: 'production',
      INTERNAL_JWT_PRIVATE_KEY: privateKeyPem.replace(/\n/g, '\\n'),
      INTERNAL_JWT_PUBLIC_KEY: publicKeyPem.replace(/\n/g, '\\n'),
    };
    const keys = loadInternalKeys(env, { requirePrivateKey: true });
    expect(keys.ephemeral).toBeUndefined();
    const token = new InternalTokenSigner({ privateKey: keys.privateKey! }).mintForUser(actor, 'meetings');
    expect(
      new InternalTokenVerifier({ publicKey: keys.publicKey, audience: 'meetings' }).verify(token).kind,
    ).toBe('user');
  });

  it('gives a subgraph the public key alone', () => {
    const { publicKeyPem } = generateDevKeyPair();
    const keys = loadInternalKeys({ NODE_ENV: 'production', INTERNAL_JWT_PUBLIC_KEY: publicKeyPem });
    expect(keys.privateKey).toBeUndefined();
    expect(keys.publicKey.type).toBe('public');
  });

  it('throws at boot in production when keys are missing', () => {
    expect(() => loadInternalKeys({ NODE_ENV: 'production' })).toThrow(/required in production/);
    const { publicKeyPem } = generateDevKeyPair();
    expect(() =>
      loadInternalKeys(
        { NODE_ENV: 'production', INTERNAL_JWT_PUBLIC_KEY: publicKeyPem },
        { requirePrivateKey: true },
      ),
    ).toThrow(/INTERNAL_JWT_PRIVATE_KEY/);
  });

  it('uses a throwaway pair in development when nothing is configured', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const keys = loadInternalKeys({ NODE_ENV: 'development' });
    expect(keys.ephemeral).toBe(true);
    expect(keys.privateKey?.type).toBe('private');
    warn.mockRestore();
  });

  it('refuses a mismatched pair and a private key in the public slot', () => {
    const a = generateDevKeyPair();
    const b = generateDevKeyPair();
    expect(() =>
      loadInternalKeys({
        INTERNAL_JWT_PRIVATE_KEY: a.privateKeyPem,
        INTERNAL_JWT_PUBLIC_KEY: b.publicKeyPem,
      }),
    ).toThrow(/not one key pair/);
    expect(() => loadInternalKeys({ INTERNAL_JWT_PUBLIC_KEY: a.privateKeyPem })).toThrow(/private key/);
  });
});
