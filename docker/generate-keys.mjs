#!/usr/bin/env node
// One-shot key generator for docker/compose.yaml, created once into volumes so that each private key
// is mounted only by the service that signs with it. Existing keys are kept. Kubernetes uses Secrets.
// - the internal-token pair: the gateway signs (keys-private), the subgraphs verify (keys-public);
// - the development issuer's key (keys-private, the gateway's);
// - the cases service's own pair: cases signs its calls to the referrals service's internal
//   hand-off endpoint (keys-cases), the referrals service verifies them (keys-public);
// - the meetings service's own pair: meetings signs its calls to the cases service's free-text
//   check (keys-meetings), the cases service verifies them (keys-public);
// - the notifications service's own pair: notifications signs its calls to the cases service's
//   recipient lookup, POST /internal/recipients (keys-notifications), the cases service verifies
//   them (keys-public, as CASES_NOTIFICATIONS_CALLER_KEYS);
// - the web server's own pair: it signs the session events it reports to the gateway (keys-web),
//   the gateway verifies them (keys-public, as GATEWAY_WEB_CALLER_KEYS).
import fs from 'node:fs';
import path from 'node:path';
import { generateDevKeyPair } from '@scp/platform-auth';

const privateDir = process.env.KEYS_PRIVATE_DIR || '/keys/private';
const publicDir = process.env.KEYS_PUBLIC_DIR || '/keys/public';
const casesDir = process.env.KEYS_CASES_DIR || '/keys/cases';
const meetingsDir = process.env.KEYS_MEETINGS_DIR || '/keys/meetings';
const notificationsDir = process.env.KEYS_NOTIFICATIONS_DIR || '/keys/notifications';
const webDir = process.env.KEYS_WEB_DIR || '/keys/web';
const devIssuer = path.join(privateDir, 'dev-issuer.private.pem');

/** [label, private file, public file] */
const pairs = [
  [
    'internal token pair',
    path.join(privateDir, 'internal-token.private.pem'),
    path.join(publicDir, 'internal-token.public.pem'),
  ],
  [
    'cases service pair',
    path.join(casesDir, 'cases-service.private.pem'),
    path.join(publicDir, 'cases-service.public.pem'),
  ],
  [
    'meetings service pair',
    path.join(meetingsDir, 'meetings-service.private.pem'),
    path.join(publicDir, 'meetings-service.public.pem'),
  ],
  [
    'notifications service pair',
    path.join(notificationsDir, 'notifications-service.private.pem'),
    path.join(publicDir, 'notifications-service.public.pem'),
  ],
  [
    'web service pair',
    path.join(webDir, 'web-service.private.pem'),
    path.join(publicDir, 'web-service.public.pem'),
  ],
];

const created = [];
for (const [label, privateFile, publicFile] of pairs) {
  if (fs.existsSync(privateFile) && fs.existsSync(publicFile)) continue;
  const pair = generateDevKeyPair();
  fs.writeFileSync(privateFile, pair.privateKeyPem, { mode: 0o600 });
  fs.writeFileSync(publicFile, pair.publicKeyPem, { mode: 0o644 });
  created.push(label);
}
if (!fs.existsSync(devIssuer)) {
  fs.writeFileSync(devIssuer, generateDevKeyPair().privateKeyPem, { mode: 0o600 });
  created.push('dev issuer key');
}
console.log(created.length ? `generated: ${created.join(', ')}` : 'keys present, nothing to do');
