// The tests of performance.md §3 as far as this repository has them: (i) gateway overhead,
// (ii) authorization overhead, (iii) SQL statements per request, (iv) the scale curve with its
// OFFSET control, (v) plans of the hot list queries. Each A/B test asserts correctness first.
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { SignJWT, importPKCS8 } from 'jose';
import { InternalTokenVerifier } from '@scp/platform-auth';
import { abTest, countedRounds, median, round3, verdict, machineState } from './stats.mjs';
import { parseGql, TimedClient } from './http.mjs';
import {
  CASE_DETAIL,
  CASE_LIST_AUTHZ,
  CASE_PAGE_12,
  OPEN_CASES,
  countCodes,
  idHash,
  idsOf,
  renamedDetail,
} from './queries.mjs';
import { chairPage, detailIds, mhClinicianPage, policeOpenPage } from './fixtures.mjs';
import { OPEN_STATUSES } from './data.mjs';
import {
  captureStatements,
  countConnections,
  directSegments,
  gatewaySegments,
  startPassThrough,
  startStubSubgraph,
  startTimeline,
  statStatementsDelta,
} from './probes.mjs';
import { startGateway, startGatewayProcess } from './stack.mjs';

const auth = (token) => ({ authorization: `Bearer ${token}` });

/** The latency of a response that must be a clean 200 (no errors at all when `clean`). */
function ok(res, clean = true) {
  if (res.status !== 200 || (clean && res.text.includes('"errors"')))
    throw new Error(`unexpected response: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  return res.ms;
}

/** Where results, gates and experiments are collected. */
export function createContext({ cfg, env, log }) {
  const ctx = { cfg, env, log, results: [], gates: [], experiments: [] };
  ctx.gate = (name, tier, pass, detail) => {
    ctx.gates.push({ name, tier, pass, detail });
    log(`    ${pass ? 'ok  ' : 'FAIL'} gate ${name} [${tier}]: ${detail}`);
    return pass;
  };
  ctx.record = ({ test, tier, gate, description, a, b, rounds, threshold, p99Threshold, extra = {} }) => {
    const v = verdict(rounds, threshold, { p99Threshold });
    const { counted } = countedRounds(rounds);
    const entry = {
      test,
      tier,
      gate,
      description,
      a: a.label,
      b: b.label,
      a_p50: round3(median(counted.map((r) => r.a.p50))),
      a_p99: round3(median(counted.map((r) => r.a.p99))),
      b_p50: round3(median(counted.map((r) => r.b.p50))),
      b_p99: round3(median(counted.map((r) => r.b.p99))),
      ...v,
      ...extra,
      rounds,
      env: { ...env, ...machineState() },
    };
    ctx.results.push(entry);
    log(
      `    ${test} [${tier}] A ${entry.a_p50}/${entry.a_p99} ms, B ${entry.b_p50}/${entry.b_p99} ms (p50/p99): ` +
        `ratio ${v.median_ratio} (${v.min_ratio}–${v.max_ratio}), p99 ratio ${v.median_p99_ratio}, ` +
        `threshold ${threshold}${p99Threshold ? `/${p99Threshold}` : ''} → ${v.pass ? 'PASS' : 'FAIL'}`,
    );
    return entry;
  };
  ctx.experiment = (name, tier, data) => {
    ctx.experiments.push({ name, tier, ...data });
    log(`    experiment ${name} [${tier}]: ${JSON.stringify(data)}`);
  };
  return ctx;
}

// ─────────────────────────────── (i) gateway overhead ───────────────────────────────

export async function gatewayTests(ctx, tier) {
  const { cfg } = ctx;
  const user = 'chair.nvp';
  const ids = await detailIds(tier, 64);
  const userToken = await tier.userToken(user);

  let mismatches = 0;
  for (const id of ids) {
    const d = parseGql(
      await tier.clients.full.gql(CASE_DETAIL, { id }, auth(await tier.internalToken(user))),
      'detail',
    );
    const g = parseGql(await tier.clients.gateway.gql(CASE_DETAIL, { id }, auth(userToken)), 'detail');
    if (d.errors || g.errors || !d.data.case || !isDeepStrictEqual(d.data, g.data)) mismatches++;
  }
  ctx.gate(
    'i detail: gateway = direct',
    tier.tier,
    mismatches === 0,
    `${ids.length} cases, ${mismatches} differ`,
  );

  const direct = {
    label: 'subgraph direct (fresh internal token each request)',
    run: async (i) =>
      ok(
        await tier.clients.full.gql(
          CASE_DETAIL,
          { id: ids[i % ids.length] },
          auth(await tier.internalToken(user)),
        ),
      ),
  };
  const gateway = {
    label: 'gateway → subgraph',
    run: async (i) =>
      ok(await tier.clients.gateway.gql(CASE_DETAIL, { id: ids[i % ids.length] }, auth(userToken))),
  };
  const rounds = await abTest({
    a: direct,
    b: gateway,
    n: cfg.n.detail,
    rounds: cfg.rounds,
    warmupMs: cfg.warmupMs,
  });
  const entry = ctx.record({
    test: 'i-detail gateway_ratio',
    tier: tier.tier,
    gate: 'target',
    description: 'case detail (16 fields, subject, victims) as the NV chair: gateway ÷ direct p50',
    a: direct,
    b: gateway,
    rounds,
    threshold: 1.5,
    p99Threshold: 3.0,
  });
  const regression = verdict(rounds, 2.5, { p99Threshold: 3.0 });
  entry.regression = { threshold: 2.5, pass: regression.pass && entry.median_added_ms <= 4 };

  // The performance.md i-1 shape: 50 rows × 12 fields.
  const pageDirect = {
    label: 'subgraph direct',
    run: async () =>
      ok(await tier.clients.full.gql(CASE_PAGE_12, { first: 50 }, auth(await tier.internalToken(user)))),
  };
  const pageGateway = {
    label: 'gateway → subgraph',
    run: async () => ok(await tier.clients.gateway.gql(CASE_PAGE_12, { first: 50 }, auth(userToken))),
  };
  const d = parseGql(
    await tier.clients.full.gql(CASE_PAGE_12, { first: 50 }, auth(await tier.internalToken(user))),
    'page',
  );
  const g = parseGql(await tier.clients.gateway.gql(CASE_PAGE_12, { first: 50 }, auth(userToken)), 'page');
  ctx.gate(
    'i page: gateway = direct',
    tier.tier,
    isDeepStrictEqual(d.data, g.data) && idsOf(d.data.cases).length === 50,
    `row hash ${idHash(idsOf(d.data.cases))} / ${idHash(idsOf(g.data.cases))}`,
  );
  const pageRounds = await abTest({
    a: pageDirect,
    b: pageGateway,
    n: cfg.n.list,
    rounds: cfg.rounds,
    warmupMs: cfg.warmupMs,
  });
  ctx.record({
    test: 'i-1 page gateway_ratio',
    tier: tier.tier,
    gate: 'regression',
    description:
      'cases(first: 50), 12 fields, as the NV chair: gateway ÷ direct p50 (performance.md i-1 gate 2.5)',
    a: pageDirect,
    b: pageGateway,
    rounds: pageRounds,
    threshold: 2.5,
    p99Threshold: 3.0,
  });
}

/** Where the gateway's time goes, and what could close the gap (run at one tier). */
export async function gatewayExperiments(ctx, tier) {
  const { cfg } = ctx;
  const user = 'chair.nvp';
  const ids = await detailIds(tier, 64);
  const userToken = await tier.userToken(user);
  const small = { n: cfg.n.experiment, rounds: cfg.rounds, warmupMs: cfg.warmupMs / 2 };
  const directDetail = (client = tier.clients.full, query = CASE_DETAIL) => ({
    label: 'subgraph direct (fresh token)',
    run: async (i) =>
      ok(await client.gql(query, { id: ids[i % ids.length] }, auth(await tier.internalToken(user)))),
  });
  const gatewayDetail = (client = tier.clients.gateway, query = CASE_DETAIL) => ({
    label: 'gateway',
    run: async (i) => ok(await client.gql(query, { id: ids[i % ids.length] }, auth(userToken))),
  });
  const summary = (rounds) => {
    const v = verdict(rounds, Infinity);
    const { counted } = countedRounds(rounds);
    return {
      a_p50: round3(median(counted.map((r) => r.a.p50))),
      b_p50: round3(median(counted.map((r) => r.b.p50))),
      b_p99: round3(median(counted.map((r) => r.b.p99))),
      ratio: v.median_ratio,
      added_ms: v.median_added_ms,
      ...(v.load_fallback ? { load_fallback: true } : {}),
    };
  };

  // E1 token cost, in-process.
  const actor = { ...(await tier.actor(user)), requestId: randomUUID() };
  const perCall = async (fn, n) => {
    for (let i = 0; i < 200; i++) await fn(i);
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn(i);
    return round3(Number(process.hrtime.bigint() - t) / 1e3 / n);
  };
  const token = tier.signer.mintForUser(actor, 'cases');
  const uncached = new InternalTokenVerifier({
    publicKey: tier.keys.publicKeyPem,
    audience: 'cases',
    cacheMaxEntries: 0,
  });
  const cached = new InternalTokenVerifier({ publicKey: tier.keys.publicKeyPem, audience: 'cases' });
  const hmacKey = randomBytes(32);
  const claims = Buffer.from(JSON.stringify({ ...actor, aud: 'cases', iat: 0, exp: 30 })).toString(
    'base64url',
  );
  const joseKey = await importPKCS8(tier.keys.privateKeyPem, 'EdDSA');
  ctx.experiment('E1 token cost (µs per call)', tier.tier, {
    ed25519_mint_node_crypto: await perCall(() => tier.signer.mintForUser(actor, 'cases'), 2000),
    ed25519_verify_node_crypto: await perCall(() => uncached.verify(token), 2000),
    verify_cache_hit: await perCall(() => cached.verify(token), 20000),
    hmac_sha256_sign_node_crypto: await perCall(
      () => createHmac('sha256', hmacKey).update(claims).digest('base64url'),
      20000,
    ),
    ed25519_mint_jose: await perCall(
      () => new SignJWT({ ...actor }).setProtectedHeader({ alg: 'EdDSA' }).setAudience('cases').sign(joseKey),
      1000,
    ),
    sha256_of_token: await perCall(() => createHash('sha256').update(token).digest(), 20000),
  });

  // E2 what the subgraph's token check costs end to end: one token reused (verify cache hit)
  // against a fresh token per request (what every gateway request does: one Ed25519 verify).
  let reused = await tier.internalToken(user);
  let mintedAt = Date.now();
  const reusedDirect = {
    label: 'direct, token reused',
    run: async (i) => {
      if (Date.now() - mintedAt > 20_000) {
        reused = await tier.internalToken(user);
        mintedAt = Date.now();
      }
      return ok(await tier.clients.full.gql(CASE_DETAIL, { id: ids[i % ids.length] }, auth(reused)));
    },
  };
  ctx.experiment(
    'E2 direct: fresh token per request vs reused token',
    tier.tier,
    summary(await abTest({ a: reusedDirect, b: directDetail(), ...small })),
  );

  // E3 plan and document caches: a cold new shape, and every request a new shape.
  const cold = { gateway: [], direct: [] };
  for (let k = 0; k < 5; k++) {
    const suffix = `cold${k}_${Date.now()}`;
    cold.direct.push(
      ok(
        await tier.clients.full.gql(
          renamedDetail(`${suffix}_d`),
          { id: ids[k] },
          auth(await tier.internalToken(user)),
        ),
      ),
    );
    cold.gateway.push(
      ok(await tier.clients.gateway.gql(renamedDetail(`${suffix}_g`), { id: ids[k] }, auth(userToken))),
    );
  }
  let shape = 0;
  const missGateway = {
    label: 'gateway, new operation each request',
    run: async (i) =>
      ok(
        await tier.clients.gateway.gql(
          renamedDetail(`g${shape++}`),
          { id: ids[i % ids.length] },
          auth(userToken),
        ),
      ),
  };
  const missDirect = {
    label: 'direct, new operation each request',
    run: async (i) =>
      ok(
        await tier.clients.full.gql(
          renamedDetail(`d${shape++}`),
          { id: ids[i % ids.length] },
          auth(await tier.internalToken(user)),
        ),
      ),
  };
  const gwMiss = summary(await abTest({ a: gatewayDetail(), b: missGateway, ...small }));
  const directMiss = summary(await abTest({ a: directDetail(), b: missDirect, ...small }));
  ctx.experiment('E3 plan/document cache', tier.tier, {
    cold_first_request_ms: { gateway: round3(median(cold.gateway)), direct: round3(median(cold.direct)) },
    gateway_hit_p50: gwMiss.a_p50,
    gateway_miss_p50: gwMiss.b_p50,
    direct_hit_p50: directMiss.a_p50,
    direct_miss_p50: directMiss.b_p50,
    gateway_parse_validate_plan_ms: round3(gwMiss.added_ms - directMiss.added_ms),
  });

  // E4 the gateway's fixed cost: the same gateway code in front of a subgraph that answers at once.
  const canned = (
    await tier.clients.full.gql(CASE_DETAIL, { id: ids[0] }, auth(await tier.internalToken(user)))
  ).text;
  const stub = await startStubSubgraph({
    graphqlBody: canned,
    actorBody: JSON.stringify(await tier.actor(user)),
  });
  const stubGateway = await startGateway({ casesUrl: stub.url, keys: tier.keys, devKey: tier.devKey });
  const stubClient = new TimedClient(stub.url);
  const stubGatewayClient = new TimedClient(stubGateway.url);
  const issued = await stubGatewayClient.post(
    '/auth/dev/token',
    Buffer.from(JSON.stringify({ username: user })),
  );
  const stubToken = JSON.parse(issued.text).access_token;
  if (!stubToken)
    throw new Error(`the stub gateway issued no token: HTTP ${issued.status} ${issued.text.slice(0, 200)}`);
  const stubDirect = {
    label: 'stub subgraph direct',
    run: async () => ok(await stubClient.gql(CASE_DETAIL, { id: ids[0] }, auth(reused))),
  };
  const stubViaGateway = {
    label: 'gateway → stub',
    run: async () => ok(await stubGatewayClient.gql(CASE_DETAIL, { id: ids[0] }, auth(stubToken))),
  };
  ctx.experiment(
    'E4 gateway in front of an instant stub subgraph',
    tier.tier,
    summary(await abTest({ a: stubDirect, b: stubViaGateway, ...small })),
  );
  stubClient.close();
  stubGatewayClient.close();
  await stubGateway.close();
  await stub.close();

  // E5 timeline of one request (diagnostics_channel, medians over n requests).
  const gatewayPort = Number(new URL(tier.gateway.url).port);
  const casesPort = Number(new URL(tier.full.url).port);
  for (const [shapeName, query, vars] of [
    ['detail', CASE_DETAIL, (i) => ({ id: ids[i % ids.length] })],
    ['page of 50 × 12 fields', CASE_PAGE_12, () => ({ first: 50 })],
  ]) {
    const timeline = startTimeline();
    for (let i = 0; i < cfg.n.experiment; i++)
      await tier.clients.gateway.gql(query, vars(i), auth(userToken));
    for (let i = 0; i < cfg.n.experiment; i++)
      await tier.clients.full.gql(query, vars(i), auth(await tier.internalToken(user)));
    timeline.stop();
    const gw = gatewaySegments(timeline.events, { gatewayPort, casesPort });
    const dr = directSegments(timeline.events, { casesPort });
    const med = (rows) =>
      Object.fromEntries(Object.keys(rows[0] ?? {}).map((k) => [k, round3(median(rows.map((r) => r[k])))]));
    ctx.experiment(`E5 timeline, ${shapeName} (median ms)`, tier.tier, {
      gateway: med(gw),
      direct: med(dr),
      samples: { gateway: gw.length, direct: dr.length },
    });
  }

  // E6 the floor of any Node hop (pass-through with a minted token), with and without keep-alive.
  const hop = await startPassThrough({
    casesUrl: tier.full.url,
    mintToken: () => tier.internalToken(user),
    keepAlive: true,
  });
  const hopNoKa = await startPassThrough({
    casesUrl: tier.full.url,
    mintToken: () => tier.internalToken(user),
    keepAlive: false,
  });
  const hopClient = new TimedClient(hop.url);
  const hopNoKaClient = new TimedClient(hopNoKa.url);
  const viaHop = (client, label) => ({
    label,
    run: async (i) => ok(await client.gql(CASE_DETAIL, { id: ids[i % ids.length] }, {})),
  });
  const hopKa = viaHop(hopClient, 'pass-through hop, keep-alive');
  ctx.experiment(
    'E6a pass-through hop (keep-alive) vs direct',
    tier.tier,
    summary(await abTest({ a: directDetail(), b: hopKa, ...small })),
  );
  ctx.experiment(
    'E6b pass-through hop: new connection per request vs keep-alive',
    tier.tier,
    summary(
      await abTest({ a: hopKa, b: viaHop(hopNoKaClient, 'pass-through hop, no keep-alive'), ...small }),
    ),
  );
  hopClient.close();
  hopNoKaClient.close();
  await hop.close();
  await hopNoKa.close();

  // E8 the gateway in a process of its own (its event loop and heap not shared with the subgraph).
  const child = await startGatewayProcess({ casesUrl: tier.full.url, keys: tier.keys, devKey: tier.devKey });
  const childClient = new TimedClient(child.url);
  try {
    const childToken = JSON.parse(
      (await childClient.post('/auth/dev/token', Buffer.from(JSON.stringify({ username: user })))).text,
    ).access_token;
    const childGateway = {
      label: 'gateway in its own process',
      run: async (i) => ok(await childClient.gql(CASE_DETAIL, { id: ids[i % ids.length] }, auth(childToken))),
    };
    ctx.experiment(
      'E8 detail: gateway in its own process vs direct',
      tier.tier,
      summary(await abTest({ a: directDetail(), b: childGateway, ...small })),
    );
    const childPage = {
      label: 'gateway in its own process',
      run: async () => ok(await childClient.gql(CASE_PAGE_12, { first: 50 }, auth(childToken))),
    };
    const directPage = {
      label: 'subgraph direct',
      run: async () =>
        ok(await tier.clients.full.gql(CASE_PAGE_12, { first: 50 }, auth(await tier.internalToken(user)))),
    };
    ctx.experiment(
      'E8 page of 50: gateway in its own process vs direct',
      tier.tier,
      summary(await abTest({ a: directPage, b: childPage, ...small, n: cfg.n.list })),
    );
  } finally {
    childClient.close();
    await child.close();
  }

  // E7 keep-alive in the gateway's own fetcher: connections the subgraph accepts from it.
  const connections = await countConnections(tier.full.app.getHttpServer(), async () => {
    for (let i = 0; i < 200; i++)
      await tier.clients.gateway.gql(CASE_DETAIL, { id: ids[i % 64] }, auth(userToken));
  });
  ctx.experiment('E7 gateway → subgraph TCP connections opened during 200 requests', tier.tier, {
    connections,
  });
}

// ─────────────────────────────── (ii) authorization overhead ───────────────────────────────

async function authzPair(ctx, tier, { user, fixtureFn, test, gate, description, threshold, p99Threshold }) {
  const { cfg } = ctx;
  const fixture = await fixtureFn(tier, 50);
  const call = (client) => async () =>
    client.gql(CASE_LIST_AUTHZ, { first: 50 }, auth(await tier.internalToken(user)));
  const check = async () => {
    const full = parseGql(await call(tier.clients.full)(), 'full');
    const bypass = parseGql(await call(tier.clients.bypass)(), 'bypass');
    const fullIds = idsOf(full.data.cases);
    const bypassIds = idsOf(bypass.data.cases);
    const forbiddenFull = countCodes(full.errors, 'FORBIDDEN');
    const forbiddenBypass = countCodes(bypass.errors, 'FORBIDDEN');
    // Where full CASL answers FORBIDDEN null, the stub must answer a value (proves it is the stub).
    const revealed = bypass.data.cases.edges
      .flatMap((e) => e.node.victims ?? [])
      .filter((v) => v.givenName !== null).length;
    const ok =
      idHash(fullIds) === idHash(fixture.ids) &&
      idHash(bypassIds) === idHash(fixture.ids) &&
      fullIds.length === 50 &&
      forbiddenFull === fixture.forbidden &&
      forbiddenBypass === 0 &&
      (fixture.forbidden === 0 || revealed === fixture.forbidden / 3) &&
      (full.errors ?? []).length === forbiddenFull &&
      !bypass.errors;
    return {
      ok,
      detail:
        `rows ${fullIds.length} hash ${idHash(fullIds)} (stub ${idHash(bypassIds)}, fixture ${idHash(fixture.ids)}), ` +
        `FORBIDDEN full ${forbiddenFull} (fixture ${fixture.forbidden}), stub ${forbiddenBypass}, stub revealed ${revealed}`,
    };
  };
  const before = await check();
  if (!ctx.gate(`${test}: rows and redactions`, tier.tier, before.ok, before.detail)) return;
  const a = {
    label: 'bench guard stub (no checks, reads audited)',
    run: async () => ok(await call(tier.clients.bypass)(), false),
  };
  const b = { label: 'full CASL guards', run: async () => ok(await call(tier.clients.full)(), false) };
  const rounds = await abTest({ a, b, n: cfg.n.list, rounds: cfg.rounds, warmupMs: cfg.warmupMs });
  const after = await check();
  ctx.gate(`${test}: rows and redactions after the rounds`, tier.tier, after.ok, after.detail);
  return ctx.record({
    test,
    tier: tier.tier,
    gate,
    description,
    a,
    b,
    rounds,
    threshold,
    p99Threshold,
    extra: { forbidden_per_page: fixture.forbidden },
  });
}

export async function authzTests(ctx, tier, { experiments }) {
  await authzPair(ctx, tier, {
    user: 'mh.nvh',
    fixtureFn: mhClinicianPage,
    test: 'ii-a authz_ratio',
    gate: 'target',
    description:
      'cases(first: 50), 24 fields, as an MH clinician (row rule: participation; field rule: D11 limited), direct to the subgraph: full CASL ÷ guard stub p50',
    threshold: 1.25,
    p99Threshold: 1.4,
  });
  if (!experiments) return;
  await authzPair(ctx, tier, {
    user: 'chair.nvp',
    fixtureFn: chairPage,
    test: 'ii-a2 authz_ratio, no denials',
    gate: 'info',
    description: 'the same page as the NV chair, who may read every field: the cost of the checks alone',
    threshold: 1.25,
    p99Threshold: 1.4,
  });
  // What the FORBIDDEN errors cost: the same pair with stack capture off for every Error.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    await authzPair(ctx, tier, {
      user: 'mh.nvh',
      fixtureFn: mhClinicianPage,
      test: 'ii-a3 authz_ratio, Error.stackTraceLimit = 0',
      gate: 'info',
      description: 'ii-a with no stack traces captured (experiment: what cheap denial errors would give)',
      threshold: 1.25,
      p99Threshold: 1.4,
    });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

// ─────────────────────────────── (iii) statements per request ───────────────────────────────

/** SQL with TypeORM's quoted identifiers unquoted (`"cases"."cases" "c"` → `cases.cases c`), for matching. */
const unquoted = (text) => text.replace(/"([a-z_][a-z0-9_]*)"/gi, '$1');

const kindOf = (text) => {
  const t = unquoted(text).replace(/\s+/g, ' ').trim();
  // The list statement reads participants in sub-selects; name it by its main table.
  if (/\bFROM cases\.cases c\b/.test(t)) return 'SELECT cases.cases';
  const table = t.match(/\b(?:FROM|INTO|UPDATE)\s+([a-z_]+\.[a-z_]+)/i)?.[1];
  return `${t.split(' ')[0].toUpperCase()}${table ? ` ${table}` : ''}`;
};

export async function statementTests(ctx, tier, { statStatements }) {
  const userToken = await tier.userToken('mh.nvh');
  const bySize = {};
  for (const first of [10, 50, 100]) {
    const request = () => tier.clients.gateway.gql(CASE_LIST_AUTHZ, { first }, auth(userToken));
    const counts = [];
    let kinds;
    let serverSide;
    for (let k = 0; k < 3; k++) {
      parseGql(await request(), 'warm'); // the actor cache is warm: no /internal/actor lookup inside
      const statements = await captureStatements(tier.dbName, async () => {
        const body = parseGql(await request(), 'counted');
        if (body.data.cases.edges.length !== first) throw new Error(`page of ${first} came back short`);
      });
      counts.push(statements.length);
      kinds = {};
      for (const s of statements) kinds[kindOf(s.text)] = (kinds[kindOf(s.text)] ?? 0) + 1;
    }
    if (statStatements) {
      parseGql(await request(), 'warm');
      serverSide = await statStatementsDelta(tier.sql, tier.dbName, async () =>
        parseGql(await request(), 'counted'),
      );
    }
    bySize[first] = { driver: counts, pg_stat_statements: serverSide, kinds };
  }
  const all = Object.values(bySize).flatMap((s) => s.driver);
  const constant = all.every((n) => n === all[0]);
  ctx.gate(
    'iii statements per federated list request constant in page size',
    tier.tier,
    constant,
    Object.entries(bySize)
      .map(
        ([size, s]) =>
          `${size}: ${s.driver[0]}${s.pg_stat_statements !== undefined ? ` (pg ${s.pg_stat_statements})` : ''}`,
      )
      .join(', '),
  );
  ctx.results.push({
    test: 'iii statements_per_request',
    tier: tier.tier,
    gate: 'correctness',
    description:
      'SQL statements the cases service sends for one gateway request of CASE_LIST_AUTHZ as mh.nvh',
    by_page_size: bySize,
    pass: constant,
    env: { ...ctx.env, ...machineState() },
  });
}

// ─────────────────────────────── (iv) scale curve ───────────────────────────────

/** The cursor after `rows` rows of the open-cases list, paged through the product itself. */
async function cursorAfter(tier, rows) {
  let after = null;
  for (let seen = 0; seen < rows; seen += 50) {
    const body = parseGql(
      await tier.clients.full.gql(
        OPEN_CASES,
        { after, filter: { status: OPEN_STATUSES } },
        auth(await tier.internalToken('spoc.nvp')),
      ),
      'paging',
    );
    after = body.data.cases.pageInfo.endCursor;
  }
  return after;
}

function offsetSql(text, offset) {
  const m = text.match(/LIMIT \$(\d+)\s*$/);
  if (!m) throw new Error('the list statement does not end in LIMIT $n');
  return text.replace(/LIMIT \$(\d+)\s*$/, `OFFSET ${offset} LIMIT $${m[1]}`);
}

/** Row 950, or the start of the last full page when the tier has fewer rows (performance.md v). */
async function deepOffset(tier) {
  const total = (await policeOpenPage(tier, 100_000)).ids.length;
  return Math.min(950, Math.floor((total - 50) / 50) * 50);
}

export async function scaleTests(ctx, small, large) {
  const { cfg } = ctx;
  const prepared = {};
  for (const tier of [small, large]) {
    const offset = await deepOffset(tier);
    if (offset < 950)
      ctx.log(`  tier ${tier.tier} has too few open cases: the deep page starts at row ${offset}`);
    const deep = await cursorAfter(tier, offset);
    const token = await tier.userToken('spoc.nvp');
    const vars = {
      page1: { after: null, filter: { status: OPEN_STATUSES } },
      deep: { after: deep, filter: { status: OPEN_STATUSES } },
    };
    const statements = {};
    for (const [name, skip] of [
      ['page1', 0],
      ['deep', offset],
    ]) {
      let body;
      const captured = await captureStatements(tier.dbName, async () => {
        body = parseGql(await tier.clients.gateway.gql(OPEN_CASES, vars[name], auth(token)), name);
      });
      statements[name] = captured.find(
        (s) => /FROM cases\.cases c\s+WHERE/.test(s.text) && /ORDER BY/.test(s.text),
      );
      const fixture = await policeOpenPage(tier, 50, skip);
      ctx.gate(
        `iv ${name}: rows = fixture`,
        tier.tier,
        idHash(idsOf(body.data.cases)) === idHash(fixture.ids) && fixture.ids.length === 50,
        `hash ${idHash(idsOf(body.data.cases))}, fixture ${idHash(fixture.ids)} (${fixture.ids.length} rows)`,
      );
    }
    prepared[tier.tier] = { tier, token, vars, statements, offset };
  }
  for (const name of ['page1', 'deep']) {
    const variant = (t) => ({
      label: `gateway, tier ${t.tier.tier} (${t.tier.count} cases)`,
      run: async () => ok(await t.tier.clients.gateway.gql(OPEN_CASES, t.vars[name], auth(t.token))),
    });
    const a = variant(prepared[small.tier]);
    const b = variant(prepared[large.tier]);
    const rounds = await abTest({ a, b, n: cfg.n.scale, rounds: cfg.rounds, warmupMs: cfg.warmupMs });
    ctx.record({
      test: `iv scale_curve ${name === 'page1' ? 'page 1' : `deep keyset page (after ${prepared[small.tier].offset})`}`,
      tier: `${small.tier}→${large.tier}`,
      gate: 'target',
      description: `the largest agency's open cases (spoc.nvp), 50 rows, through the gateway: p50(${large.tier})/p50(${small.tier})`,
      a,
      b,
      rounds,
      threshold: 1.3,
      p99Threshold: 2.0,
    });
  }
  // The OFFSET control, raw pg: the product's own page-1 statement with OFFSET 950, once as an
  // unnamed statement (custom plan, like TypeORM) and once as a named prepared statement (plan cache).
  for (const mode of ['unnamed', 'named prepared']) {
    const variant = (t) => {
      const s = t.statements.page1;
      const text = offsetSql(s.text, t.offset);
      return {
        label: `raw pg OFFSET ${t.offset}, tier ${t.tier.tier}`,
        run: async () => {
          const started = process.hrtime.bigint();
          const res = await t.tier.sql.query(
            mode === 'unnamed'
              ? { text, values: s.values }
              : { name: `bench_offset_${t.tier.tier}`, text, values: s.values },
          );
          if (res.rows.length < 50) throw new Error('OFFSET page came back short');
          return Number(process.hrtime.bigint() - started) / 1e6;
        },
      };
    };
    const a = variant(prepared[small.tier]);
    const b = variant(prepared[large.tier]);
    const rounds = await abTest({ a, b, n: cfg.n.raw, rounds: cfg.rounds, warmupMs: cfg.warmupMs / 4 });
    ctx.record({
      test: `iv OFFSET control (${mode})`,
      tier: `${small.tier}→${large.tier}`,
      gate: 'control',
      description: 'the same deep page by OFFSET 950 (reported, not gated; it should grow with the data)',
      a,
      b,
      rounds,
      threshold: Infinity,
    });
  }
  // The keyset statements raw, for comparison with the gateway figures.
  for (const name of ['page1', 'deep']) {
    const variant = (t) => ({
      label: `raw pg keyset ${name}, tier ${t.tier.tier}`,
      run: async () => {
        const s = t.statements[name];
        const started = process.hrtime.bigint();
        await t.tier.sql.query(s.text, s.values);
        return Number(process.hrtime.bigint() - started) / 1e6;
      },
    });
    const rounds = await abTest({
      a: variant(prepared[small.tier]),
      b: variant(prepared[large.tier]),
      n: cfg.n.raw,
      rounds: cfg.rounds,
      warmupMs: cfg.warmupMs / 4,
    });
    ctx.record({
      test: `iv raw keyset ${name}`,
      tier: `${small.tier}→${large.tier}`,
      gate: 'info',
      description: 'the product statement alone on raw pg (what the data layer contributes)',
      a: variant(prepared[small.tier]),
      b: variant(prepared[large.tier]),
      rounds,
      threshold: 1.3,
      p99Threshold: 2.0,
    });
  }
  return prepared;
}

// ─────────────────────────────── (v) plans of the hot list queries ───────────────────────────────

function planNodes(node, out = []) {
  out.push({ type: node['Node Type'], relation: node['Relation Name'], index: node['Index Name'] });
  for (const child of node.Plans ?? []) planNodes(child, out);
  return out;
}

export async function explainTests(ctx, tier, statements) {
  const checks = [];
  const userToken = await tier.userToken('mh.nvh');
  const authzStatements = await captureStatements(tier.dbName, async () => {
    parseGql(await tier.clients.gateway.gql(CASE_LIST_AUTHZ, { first: 50 }, auth(userToken)), 'explain');
  });
  const list = authzStatements.find((s) => /FROM cases\.cases c\b/.test(unquoted(s.text)));
  const persons = authzStatements.find((s) => /FROM cases\.persons\b/.test(unquoted(s.text)));
  for (const [name, s] of [
    ['mh.nvh list', list],
    ['persons loader', persons],
    ['open cases page 1', statements?.page1],
    ['open cases deep keyset', statements?.deep],
  ]) {
    // A statement the product must send and did not (or that no longer matches): a failed check, not a silent skip.
    if (!s) {
      if (name === 'mh.nvh list' || name === 'persons loader')
        checks.push({ name, pass: false, execution_ms: null, nodes: ['statement not found in the capture'] });
      continue;
    }
    const { rows } = await tier.sql.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${s.text}`, s.values);
    const plan = rows[0]['QUERY PLAN'][0];
    const nodes = planNodes(plan.Plan);
    const seq = nodes.filter((n) => n.type === 'Seq Scan' && n.relation);
    const indexed = nodes.filter((n) => /Index/.test(n.type));
    checks.push({
      name,
      pass: seq.length === 0 && indexed.length > 0,
      execution_ms: plan['Execution Time'],
      nodes: nodes.map((n) => [n.type, n.relation, n.index].filter(Boolean).join(' ')),
    });
  }
  ctx.results.push({
    test: 'v explain hot list queries',
    tier: tier.tier,
    gate: 'target',
    description: 'EXPLAIN (ANALYZE, BUFFERS) of the statements the product sends: an index scan, no Seq Scan',
    checks,
    pass: checks.every((c) => c.pass),
    env: { ...ctx.env, ...machineState() },
  });
  for (const c of checks)
    ctx.log(
      `    v explain [${tier.tier}] ${c.name}: ${c.pass ? 'index' : 'NOT INDEXED'} ${c.execution_ms} ms — ${c.nodes.join(' / ')}`,
    );
}
