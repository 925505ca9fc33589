#!/usr/bin/env node
// One-shot key generator for docker/compose.yaml: the internal-token pair (the gateway signs, the
// subgraphs verify) and the development issuer's key, created once into two volumes so that the
// subgraphs mount only the public half. Existing keys are kept. Kubernetes uses Secrets instead.
import fs from 'node:fs';
import path from 'node:path';
import { generateDevKeyPair } from '@scp/platform-auth';

const privateDir = process.env.KEYS_PRIVATE_DIR || '/keys/private';
const publicDir = process.env.KEYS_PUBLIC_DIR || '/keys/public';
const internalPrivate = path.join(privateDir, 'internal-token.private.pem');
const internalPublic = path.join(publicDir, 'internal-token.public.pem');
const devIssuer = path.join(privateDir, 'dev-issuer.private.pem');

const created = [];
if (!fs.existsSync(internalPrivate) || !fs.existsSync(internalPublic)) {
  const pair = generateDevKeyPair();
  fs.writeFileSync(internalPrivate, pair.privateKeyPem, { mode: 0o600 });
  fs.writeFileSync(internalPublic, pair.publicKeyPem, { mode: 0o644 });
  created.push('internal token pair');
}
if (!fs.existsSync(devIssuer)) {
  fs.writeFileSync(devIssuer, generateDevKeyPair().privateKeyPem, { mode: 0o600 });
  created.push('dev issuer key');
}
console.log(created.length ? `generated: ${created.join(', ')}` : 'keys present, nothing to do');
