#!/usr/bin/env node
// The images' HEALTHCHECK: GET /health/ready on the app's own port (SCP_APP, set by docker/Dockerfile).
const DEFAULT_PORTS = {
  gateway: 4000,
  cases: 4001,
  referrals: 4002,
  meetings: 4003,
  notifications: 4004,
  web: 4010,
};
const app = process.env.SCP_APP ?? '';
if (!(app in DEFAULT_PORTS)) {
  console.error(`healthcheck: SCP_APP=${app} is not an app`);
  process.exit(1);
}
const port = process.env[`${app.toUpperCase()}_PORT`] || DEFAULT_PORTS[app];
fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2500) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
