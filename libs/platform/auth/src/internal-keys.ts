import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

export interface InternalKeys {
  /** Only the gateway holds it; subgraphs get the public key alone, so they cannot mint tokens. */
  privateKey?: KeyObject;
  publicKey: KeyObject;
  /** True when no key was configured and a throwaway pair was generated (development only). */
  ephemeral?: boolean;
}

export interface DevKeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** Env values may carry PEMs on one line with literal `\n` (docker env files, CI secrets). */
function unescapePem(value: string): string {
  return value.replace(/\\n/g, '\n').trim();
}

function assertEd25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${what} must be an Ed25519 key (got ${key.asymmetricKeyType ?? key.type})`);
  }
  return key;
}

/** A PEM (PKCS#8) string or KeyObject → an Ed25519 private KeyObject; anything else throws. */
export function toInternalPrivateKey(key: KeyObject | string): KeyObject {
  const obj = typeof key === 'string' ? createPrivateKey(unescapePem(key)) : key;
  if (obj.type !== 'private') throw new Error('the internal token signer needs a private key');
  return assertEd25519(obj, 'the internal token private key');
}

/**
 * A PEM (SPKI) string or KeyObject → an Ed25519 public KeyObject. A private key is refused even
 * though node:crypto would happily derive the public half: a subgraph configured with the
 * private key could mint tokens for every other subgraph.
 */
export function toInternalPublicKey(key: KeyObject | string): KeyObject {
  if (typeof key === 'string') {
    const pem = unescapePem(key);
    if (pem.includes('PRIVATE KEY')) throw new Error('INTERNAL_JWT_PUBLIC_KEY holds a private key');
    return assertEd25519(createPublicKey(pem), 'the internal token public key');
  }
  if (key.type !== 'public') throw new Error('the internal token verifier needs a public key');
  return assertEd25519(key, 'the internal token public key');
}

/** A fresh Ed25519 pair as PEMs, for `npm start` (shared by every local process) and tests. */
export function generateDevKeyPair(): DevKeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

function keysMatch(privateKey: KeyObject, publicKey: KeyObject): boolean {
  const probe = Buffer.from('scp-internal-key-probe');
  return verify(null, probe, publicKey, sign(null, probe, privateKey));
}

/**
 * Reads `INTERNAL_JWT_PRIVATE_KEY` / `INTERNAL_JWT_PUBLIC_KEY`. In production a missing key throws
 * at boot. In development, with neither set, a throwaway pair is generated: it works inside one
 * process only, so separate processes fail closed (subgraphs refuse the gateway) rather than open.
 */
export function loadInternalKeys(
  env: NodeJS.ProcessEnv = process.env,
  opts: { requirePrivateKey?: boolean } = {},
): InternalKeys {
  const production = env.NODE_ENV === 'production';
  const privatePem = env.INTERNAL_JWT_PRIVATE_KEY?.trim() || undefined;
  const publicPem = env.INTERNAL_JWT_PUBLIC_KEY?.trim() || undefined;

  if (!privatePem && !publicPem) {
    if (production)
      throw new Error(
        'INTERNAL_JWT_PUBLIC_KEY (and, for the gateway, INTERNAL_JWT_PRIVATE_KEY) is required in production',
      );
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    process.emitWarning(
      'No INTERNAL_JWT_* keys configured: using a throwaway Ed25519 pair valid in this process only',
    );
    return { privateKey, publicKey, ephemeral: true };
  }
  const privateKey = privatePem ? toInternalPrivateKey(privatePem) : undefined;
  if (opts.requirePrivateKey && !privateKey)
    throw new Error('INTERNAL_JWT_PRIVATE_KEY is required to sign internal tokens');
  const publicKey = publicPem ? toInternalPublicKey(publicPem) : createPublicKey(privateKey as KeyObject);
  if (privateKey && !keysMatch(privateKey, publicKey)) {
    throw new Error('INTERNAL_JWT_PRIVATE_KEY and INTERNAL_JWT_PUBLIC_KEY are not one key pair');
  }
  return privateKey ? { privateKey, publicKey } : { publicKey };
}
