export default async function globalTeardown() {
  const infra = globalThis.__SCP_INFRA__;
  if (!infra) return;
  await infra.redis.stop();
  await infra.pg.stop();
}
