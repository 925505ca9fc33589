// Test support only (imported by *.spec.ts): two tiny federation subgraphs that verify internal
// tokens with the real middleware, record what reached them, and serve the cases internal endpoints.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { composeServices } from '@apollo/composition';
import { GraphQLError, parse } from 'graphql';
import { StrictDateTime } from '@scp/platform-graphql';
import type { SubgraphName } from '@scp/contracts';
import {
  createInternalAuthMiddleware,
  generateDevKeyPair,
  InternalTokenVerifier,
  type InternalPrincipal,
} from '@scp/platform-auth';
import type { ActorRecord, DemoUser } from '../cases-internal.client.js';
import { loadGatewayConfig, type GatewayConfig } from '../gateway.config.js';

export const CANARY_MESSAGE =
  'duplicate key value violates unique constraint "uq_victim_phone" Key (phone)=(CANARY-PHONE)';
export const SUBGRAPH_ERROR_ID = '11111111-2222-4333-8444-555555555555';

export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  principal?: InternalPrincipal;
}

export interface StubSubgraph {
  name: SubgraphName;
  url: string;
  sdl: string;
  seen: SeenRequest[];
  /** While set, every request is answered 503 with an HTML page, like a proxy whose upstream is down. */
  unavailable: boolean;
  close(): Promise<void>;
}

/** Synthetic directory: usernames are OIDC subjects. */
export const DIRECTORY: Record<string, ActorRecord & { displayName: string; agencyName: string }> = {
  'demo.chair': {
    userId: 'user-0001',
    agencyId: 'agency-0001',
    agencyType: 'POLICE',
    roles: ['CLINIC_CHAIR', 'POLICE_SPOC'],
    clinicIds: ['clinic-0001'],
    displayName: 'Demo Chair',
    agencyName: 'Test Constabulary',
  },
  'demo.advocate': {
    userId: 'user-0002',
    agencyId: 'agency-0002',
    agencyType: 'ADVOCACY',
    roles: ['VICTIM_ADVOCATE'],
    clinicIds: ['clinic-0001', 'clinic-0002'],
    displayName: 'Demo Advocate',
    agencyName: 'Test Advocacy Service',
  },
};

const CASES_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query {
    me: Me!
    cases(status: CaseStatus, filter: CaseFilter, updatedSince: DateTime): [Case!]!
    boom: String
    maskedBoom: String
    missing: String
    openCaseCount: Int
    node: Node!
  }
  type Me { userId: ID! agencyId: ID! agencyType: String! roles: [String!]! clinicIds: [ID!]! requestId: String! }
  type Case @key(fields: "id") { id: ID! reference: String! }
  type Node { name: String! child: Node! }
  enum CaseStatus { OPEN CLOSED }
  input CaseFilter { status: CaseStatus }
  scalar DateTime
`;

const REFERRALS_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query { referralPing: String }
  type Case @key(fields: "id") { id: ID! referrals: [Referral!]! }
  type Referral { id: ID! }
`;

const CASES = [
  { id: 'case-0001', reference: 'REF-0001' },
  { id: 'case-0002', reference: 'REF-0002' },
];

interface StubContext {
  principal?: InternalPrincipal;
}

function userOf(ctx: StubContext) {
  if (ctx.principal?.kind !== 'user')
    throw new GraphQLError('Unauthenticated', { extensions: { code: 'UNAUTHENTICATED' } });
  return ctx.principal.actor;
}

const casesResolvers = {
  // The subgraphs' own scalar: a date-time it cannot read is refused before any resolver runs.
  DateTime: StrictDateTime,
  Query: {
    me: (_: unknown, __: unknown, ctx: StubContext) => userOf(ctx),
    cases: () => CASES,
    // The worst case: a subgraph that forwards a raw database error, stack trace and all.
    boom: () => {
      throw new Error(CANARY_MESSAGE);
    },
    // A subgraph that masked its error already and sent its own error id.
    maskedBoom: () => {
      throw new GraphQLError('Internal error', {
        extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: SUBGRAPH_ERROR_ID },
      });
    },
    missing: () => {
      throw new GraphQLError('Case not found', { extensions: { code: 'NOT_FOUND' } });
    },
    openCaseCount: () => CASES.length,
    node: () => ({ name: 'n0', depth: 0 }),
  },
  Node: { child: (parent: { depth: number }) => ({ name: `n${parent.depth + 1}`, depth: parent.depth + 1 }) },
  Case: { __resolveReference: (ref: { id: string }) => CASES.find((c) => c.id === ref.id) ?? null },
};

const referralsResolvers = {
  Case: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    referrals: (c: { id: string }) => [{ id: `${c.id}-R1` }],
  },
  Query: { referralPing: () => 'pong' },
};

async function startSubgraph(
  name: SubgraphName,
  sdl: string,
  resolvers: object,
  publicKeyPem: string,
  extraRoutes?: (app: express.Express, seen: SeenRequest[]) => void,
): Promise<StubSubgraph> {
  const seen: SeenRequest[] = [];
  const app = express();
  const state = { unavailable: false };
  app.use((_req, res, next) => {
    if (state.unavailable) res.status(503).type('html').send('<html><body>upstream down</body></html>');
    else next();
  });
  app.use(
    createInternalAuthMiddleware(new InternalTokenVerifier({ publicKey: publicKeyPem, audience: name })),
  );
  app.use((req, _res, next) => {
    seen.push({ method: req.method, path: req.path, headers: { ...req.headers }, principal: req.principal });
    next();
  });
  app.use(express.json());
  extraRoutes?.(app, seen);
  const server = new ApolloServer<StubContext>({
    schema: buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never }),
    includeStacktraceInErrorResponses: true,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await server.start();
  app.use(
    '/graphql',
    expressMiddleware(server, { context: async ({ req }) => ({ principal: req.principal }) }),
  );
  const http = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    name,
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`,
    sdl,
    seen,
    get unavailable() {
      return state.unavailable;
    },
    set unavailable(value: boolean) {
      state.unavailable = value;
    },
    async close() {
      await server.stop();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** The sign-in events the stub cases service was told of, in order. */
export const sessionEvents: Record<string, unknown>[] = [];

function casesInternalRoutes(app: express.Express): void {
  const gatewayOnly = (principal?: InternalPrincipal) =>
    principal?.kind === 'service' && principal.service === 'gateway';
  app.post('/internal/actor', (req, res) => {
    if (!gatewayOnly(req.principal)) {
      res.status(403).json({ error: 'forbidden' });
      return;
    }
    const entry = DIRECTORY[(req.body as { subject?: string }).subject ?? ''];
    if (!entry) {
      res.status(404).json({ error: 'not_found' });
      return;
    }
    const { userId, agencyId, agencyType, roles, clinicIds } = entry;
    res.json({ userId, agencyId, agencyType, roles, clinicIds });
  });
  // The audit's LOGIN events (apps/cases/src/session-events.controller.ts): a user token only.
  app.post('/internal/session-events', (req, res) => {
    if (req.principal?.kind !== 'user') {
      res.status(403).json({ error: 'forbidden' });
      return;
    }
    sessionEvents.push({ userId: req.principal.actor.userId, ...(req.body as object) });
    res.status(204).end();
  });
  app.get('/internal/demo-users', (req, res) => {
    if (!gatewayOnly(req.principal)) {
      res.status(403).json({ error: 'forbidden' });
      return;
    }
    const users: DemoUser[] = Object.entries(DIRECTORY).map(([username, u]) => ({
      username,
      displayName: u.displayName,
      agencyName: u.agencyName,
      roles: u.roles,
    }));
    res.json(users);
  });
}

export async function startStubSubgraphs(
  publicKeyPem: string,
): Promise<{ cases: StubSubgraph; referrals: StubSubgraph }> {
  const cases = await startSubgraph('cases', CASES_SDL, casesResolvers, publicKeyPem, casesInternalRoutes);
  const referrals = await startSubgraph('referrals', REFERRALS_SDL, referralsResolvers, publicKeyPem);
  return { cases, referrals };
}

/**
 * Composes in memory, with placeholder URLs on purpose: the gateway must take the real ones from
 * SUBGRAPH_URL_<NAME>.
 */
export function composeSupergraph(subgraphs: StubSubgraph[]): string {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: `http://${s.name}.invalid/graphql`, typeDefs: parse(s.sdl) })),
  );
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('\n'));
  if (!result.supergraphSdl) throw new Error('composition produced no supergraph');
  return result.supergraphSdl;
}

export interface StubKeys {
  internalPrivateKeyPem: string;
  internalPublicKeyPem: string;
  devIssuerPrivateKeyPem: string;
}

/** Fresh keys for one spec: the internal-token pair and the dev issuer's signing key. */
export function generateStubKeys(): StubKeys {
  const internal = generateDevKeyPair();
  return {
    internalPrivateKeyPem: internal.privateKeyPem,
    internalPublicKeyPem: internal.publicKeyPem,
    devIssuerPrivateKeyPem: generateDevKeyPair().privateKeyPem,
  };
}

/** A development gateway in front of the stubs (port 0, the dev issuer's key given), for specs. */
export function stubGatewayConfig(
  keys: StubKeys,
  stubs: { cases: StubSubgraph; referrals: StubSubgraph },
  env: NodeJS.ProcessEnv = {},
): GatewayConfig {
  return loadGatewayConfig(
    {
      NODE_ENV: 'development',
      GATEWAY_PORT: '0',
      INTERNAL_JWT_PRIVATE_KEY: keys.internalPrivateKeyPem,
      INTERNAL_JWT_PUBLIC_KEY: keys.internalPublicKeyPem,
      DEV_ISSUER_PRIVATE_KEY: keys.devIssuerPrivateKeyPem,
      SUBGRAPH_URL_CASES: stubs.cases.url,
      SUBGRAPH_URL_REFERRALS: stubs.referrals.url,
      LOG_LEVEL: 'info',
      ...env,
    },
    { supergraphSdl: composeSupergraph([stubs.cases, stubs.referrals]) },
  );
}
