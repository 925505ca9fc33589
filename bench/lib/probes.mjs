// Instruments for "where the time goes": a SQL statement counter on the driver, an HTTP timeline
// from Node's diagnostics channels, a canned-answer stub subgraph and a bare pass-through hop.
import diagnostics from 'node:diagnostics_channel';
import http from 'node:http';
import pg from 'pg';

// ── SQL statements per request, counted where every statement passes: pg.Client#query ──
const counting = { database: null, statements: null };
let patched = false;

/** Counts statements the cases service (application_name scp-cases) sends to one database. */
export function installStatementCounter() {
  if (patched) return;
  patched = true;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function countedQuery(config, values, callback) {
    const params = this.connectionParameters;
    if (
      counting.statements &&
      params?.database === counting.database &&
      params?.application_name === 'scp-cases'
    ) {
      const text = typeof config === 'string' ? config : config?.text;
      const vals = Array.isArray(values) ? values : config?.values;
      counting.statements.push({ text: String(text), values: vals ? [...vals] : [] });
    }
    return original.call(this, config, values, callback);
  };
}

/** Runs `fn` and returns the statements the cases service sent to `database` meanwhile. */
export async function captureStatements(database, fn) {
  counting.database = database;
  counting.statements = [];
  try {
    await fn();
    return counting.statements;
  } finally {
    counting.statements = null;
    counting.database = null;
  }
}

/** Server-side count from pg_stat_statements (utility statements included), for cross-checking. */
export async function statStatementsDelta(sql, database, fn) {
  await sql.query('SELECT pg_stat_statements_reset()');
  await fn();
  const { rows } = await sql.query(
    `SELECT coalesce(sum(s.calls), 0)::int AS calls
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = $1 AND s.query NOT ILIKE '%pg_stat_statements%'`,
    [database],
  );
  return rows[0].calls;
}

// ── HTTP timeline ──
const CHANNELS = [
  'http.client.request.start',
  'http.client.response.finish',
  'http.server.request.start',
  'http.server.response.finish',
];

const portOfHost = (request) => Number(String(request.getHeader?.('host') ?? '').split(':')[1] ?? 0);

/**
 * Records, while active, when each in-process HTTP request starts and finishes on each side.
 * Everything runs on one event loop at c=1, so timestamps of one request line up exactly.
 */
export function startTimeline() {
  const events = [];
  const handlers = {
    'http.client.request.start': ({ request }) =>
      events.push({ t: now(), kind: 'client-start', port: portOfHost(request), path: request.path }),
    'http.client.response.finish': ({ request }) =>
      events.push({ t: now(), kind: 'client-finish', port: portOfHost(request), path: request.path }),
    // Express rewrites req.url while routing; originalUrl keeps what the client asked for.
    'http.server.request.start': ({ server, request }) =>
      events.push({ t: now(), kind: 'server-start', port: server.address()?.port, path: urlOf(request) }),
    'http.server.response.finish': ({ server, request }) =>
      events.push({ t: now(), kind: 'server-finish', port: server.address()?.port, path: urlOf(request) }),
  };
  for (const name of CHANNELS) diagnostics.subscribe(name, handlers[name]);
  return {
    events,
    stop() {
      for (const name of CHANNELS) diagnostics.unsubscribe(name, handlers[name]);
    },
  };
}

const now = () => Number(process.hrtime.bigint()) / 1e6;
const urlOf = (request) => request.originalUrl ?? request.url;

/**
 * Splits each client → gateway → subgraph request into segments (ms):
 * in (client → gateway handler), pre (gateway before its subgraph fetch), out (fetch → subgraph
 * handler), subgraph, back (subgraph done → gateway has the response headers), post (gateway
 * after the fetch), reply (gateway done → client has the last byte: measured by the client).
 */
export function gatewaySegments(events, { gatewayPort, casesPort }) {
  const out = [];
  let cur = null;
  for (const e of events) {
    if (e.kind === 'client-start' && e.port === gatewayPort) cur = { c0: e.t };
    if (!cur) continue;
    if (e.kind === 'server-start' && e.port === gatewayPort) cur.s1 = e.t;
    if (e.kind === 'client-start' && e.port === casesPort && e.path === '/graphql') cur.c2 = e.t;
    if (e.kind === 'server-start' && e.port === casesPort && e.path === '/graphql') cur.s3 = e.t;
    if (e.kind === 'server-finish' && e.port === casesPort && e.path === '/graphql') cur.s4 = e.t;
    if (e.kind === 'client-finish' && e.port === casesPort && e.path === '/graphql') cur.c5 = e.t;
    if (e.kind === 'server-finish' && e.port === gatewayPort) cur.s6 = e.t;
    if (e.kind === 'client-finish' && e.port === gatewayPort) {
      cur.c7 = e.t;
      if (['s1', 'c2', 's3', 's4', 'c5', 's6'].every((k) => cur[k] !== undefined))
        out.push({
          in: cur.s1 - cur.c0,
          pre: cur.c2 - cur.s1,
          out: cur.s3 - cur.c2,
          subgraph: cur.s4 - cur.s3,
          back: cur.c5 - cur.s4,
          post: cur.s6 - cur.c5,
          reply: cur.c7 - cur.s6,
        });
      cur = null;
    }
  }
  return out;
}

/** The same split for a request sent straight to the subgraph. */
export function directSegments(events, { casesPort }) {
  const out = [];
  let cur = null;
  for (const e of events) {
    if (e.port !== casesPort) continue;
    if (e.kind === 'client-start') cur = { c0: e.t };
    if (!cur) continue;
    if (e.kind === 'server-start') cur.s1 = e.t;
    if (e.kind === 'server-finish') cur.s2 = e.t;
    if (e.kind === 'client-finish' && cur.s2 !== undefined) {
      out.push({ in: cur.s1 - cur.c0, subgraph: cur.s2 - cur.s1, reply: e.t - cur.s2 });
      cur = null;
    }
  }
  return out;
}

// ── A subgraph that answers instantly with a canned response (the gateway's fixed cost) ──
export async function startStubSubgraph({ graphqlBody, actorBody }) {
  const graphql = Buffer.from(graphqlBody);
  const actor = Buffer.from(actorBody);
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      // The gateway records a dev token's issue as a session event and wants 204 for it.
      if (req.url === '/internal/session-events') return void res.writeHead(204).end();
      const body = req.url === '/internal/actor' ? actor : graphql;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => server.close(r)),
  };
}

/**
 * The floor for any Node gateway hop: read the client's body, mint an internal token (what our
 * gateway mints per request), forward the bytes to the subgraph and pipe its answer back. No
 * parsing, validation, planning or result processing; not a product design, a measuring stick.
 * @param {{ casesUrl: string, mintToken: () => Promise<string>, keepAlive: boolean }} opts
 */
export async function startPassThrough({ casesUrl, mintToken, keepAlive }) {
  const target = new URL(`${casesUrl}/graphql`);
  const agent = new http.Agent({ keepAlive, maxSockets: 16 });
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const token = await mintToken();
      const up = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            authorization: `Bearer ${token}`,
          },
        },
        (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, { 'content-type': 'application/json' });
          upRes.pipe(res);
        },
      );
      up.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      up.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: async () => {
      agent.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Counts TCP connections a server accepts while `fn` runs (keep-alive evidence). */
export async function countConnections(httpServer, fn) {
  let n = 0;
  const onConnection = () => n++;
  httpServer.on('connection', onConnection);
  try {
    await fn();
  } finally {
    httpServer.off('connection', onConnection);
  }
  return n;
}
