import 'reflect-metadata';
import {
  Module,
  type DynamicModule,
  type INestApplication,
  type ModuleMetadata,
  type Provider,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { Actor, SubgraphName } from '@scp/contracts';
import { actorOf, createInternalAuthMiddleware, InternalTokenVerifier } from '@scp/platform-auth';
import { AuditWriter } from '@scp/platform-audit';
import { closeOnSignals, configureServerKeepAlive } from '@scp/platform-config';
import { createDataSource, Outbox, RUNTIME_ROLE, type CreateDataSourceOptions } from '@scp/platform-database';
import {
  RequestAudit,
  StrictDateTimeScalar,
  subgraphGraphqlConfig,
  subgraphValidationPipe,
} from '@scp/platform-graphql';
import { createLogger, type Logger } from '@scp/platform-logging';
import { createRedis, OutboxRelay, type OutboxRelayOptions } from '@scp/platform-messaging';
import { HealthController, SUBGRAPH_DATA_SOURCE } from './health.controller.js';

/** What every subgraph app's options hold (each app's options extend it). */
export interface SubgraphBaseOptions {
  databaseUrl: string;
  /** The gateway's public key: what every request but the service paths must be signed with. */
  internalPublicKey: string;
  production: boolean;
  logger?: Logger;
  /** When set: a producer connection, and the outbox relay when `queueFor` is given. */
  redisUrl?: string;
  /** BullMQ key prefix (tests give each file its own). */
  queuePrefix?: string;
}

export interface SubgraphRuntimeOptions extends SubgraphBaseOptions {
  /** The service: its PostgreSQL schema, audit source, token audience and logger name. */
  service: SubgraphName;
  entities: NonNullable<CreateDataSourceOptions['entities']>;
  poolSize?: number;
  /** Where each outbox event goes (one queue per consuming service); none ⇒ no relay. */
  queueFor?: OutboxRelayOptions['queueFor'];
}

/** What each app's factory returns (and more of its own: workers, jobs…). */
export interface BuiltSubgraph {
  app: INestApplication;
  ds: DataSource;
  relay?: OutboxRelay;
  close(): Promise<void>;
}

/** What every subgraph's GraphQL context holds; the service adds its own (access, loaders…). */
export interface BaseSubgraphContext {
  req: Request;
  actor: Actor;
  audit: RequestAudit;
}

/** A path only other services call: tokens of these keys pass there, nowhere else; no key ⇒ 401. */
export interface ServicePath {
  prefix: string;
  keys: string | readonly string[] | undefined;
}

export interface SubgraphAppOptions<C extends object> {
  servicePaths?: readonly ServicePath[];
  /** The domain module (and anything else the service imports). */
  imports: NonNullable<ModuleMetadata['imports']>;
  controllers?: Type[];
  providers?: Provider[];
  context: (base: BaseSubgraphContext) => C;
}

const refuse = (_req: Request, res: Response) => {
  res
    .status(401)
    .type('application/json')
    .send('{"errors":[{"message":"Unauthenticated","extensions":{"code":"UNAUTHENTICATED"}}]}');
};

/**
 * One subgraph's process: the data source with the runtime role, the audit writer, the outbox and
 * its relay, the Nest app (GraphQL, internal auth, health, validation), the service's workers and
 * timers, and one `close()` that stops them in order. Each app's factory composes it:
 * `SubgraphRuntime.create()` → `createApp()` → its workers (`onClose`) and sweeps (`every`).
 */
export class SubgraphRuntime {
  readonly outbox: Outbox;
  readonly audit: AuditWriter;
  /** A producer connection when Redis is configured (fails fast while Redis is down). */
  readonly producer?: Redis;
  relay?: OutboxRelay;
  app?: INestApplication;
  private readonly closers: (() => Promise<unknown> | unknown)[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly connections: Redis[] = [];

  private constructor(
    readonly opts: SubgraphRuntimeOptions,
    readonly ds: DataSource,
    readonly logger: Logger,
  ) {
    this.audit = new AuditWriter(ds, opts.service);
    this.outbox = new Outbox(opts.service);
    this.producer = opts.redisUrl ? createRedis(opts.redisUrl, 'producer') : undefined;
  }

  /** Opens the service's data source (runtime role) and, with Redis, its producer connection. */
  static async create(opts: SubgraphRuntimeOptions): Promise<SubgraphRuntime> {
    const logger = opts.logger ?? createLogger(opts.service);
    const ds = createDataSource({
      url: opts.databaseUrl,
      schema: opts.service,
      entities: opts.entities,
      applicationName: `scp-${opts.service}`,
      runtimeRole: RUNTIME_ROLE,
      poolSize: opts.poolSize ?? 10,
      logger,
    });
    await ds.initialize();
    return new SubgraphRuntime(opts, ds, logger);
  }

  /** Builds the Nest app (not listening), then starts the outbox relay when there is one. */
  async createApp<C extends object>(o: SubgraphAppOptions<C>): Promise<INestApplication> {
    const { service, production } = this.opts;
    const { ds, audit, logger } = this;
    @Module({})
    class SubgraphAppModule {
      static create(): DynamicModule {
        return {
          module: SubgraphAppModule,
          imports: [
            ...o.imports,
            GraphQLModule.forRoot<ApolloFederationDriverConfig>(
              subgraphGraphqlConfig({
                service,
                production,
                logger,
                audit,
                context: (req: Request): C => {
                  const actor = actorOf(req);
                  const operation =
                    typeof req.body?.operationName === 'string'
                      ? req.body.operationName.slice(0, 100)
                      : 'graphql';
                  return o.context({
                    req,
                    actor,
                    audit: new RequestAudit(
                      { userId: actor.userId, agencyId: actor.agencyId, requestId: actor.requestId },
                      () => `${service}:${operation}`,
                    ),
                  });
                },
              }),
            ),
          ],
          controllers: [HealthController, ...(o.controllers ?? [])],
          providers: [
            { provide: SUBGRAPH_DATA_SOURCE, useValue: ds },
            // Every subgraph's DateTime refuses dates that do not exist before a resolver runs.
            StrictDateTimeScalar,
            ...(o.providers ?? []),
          ],
        };
      }
    }

    const app = await NestFactory.create(SubgraphAppModule.create(), {
      logger: false,
      bodyParser: true,
      abortOnError: false,
    });
    app.use(this.authMiddleware(this.opts.internalPublicKey, o.servicePaths ?? []));
    app.useGlobalPipes(subgraphValidationPipe());
    // No Nest shutdown hooks: main.ts closes everything on SIGTERM (closeOnSignals), relays and
    // workers included; Nest's own hook would end the process before they finish.
    this.app = app;
    if (this.producer && this.opts.queueFor) {
      this.relay = new OutboxRelay({
        ds,
        schema: service,
        queueFor: this.opts.queueFor,
        connection: this.producer,
        prefix: this.opts.queuePrefix,
        logger,
      });
      this.relay.start();
    }
    return app;
  }

  /**
   * Gateway tokens everywhere but the service paths; service-to-service calls carry tokens of the
   * caller's own key, never the gateway's: a gateway token cannot reach them, their keys cannot
   * reach GraphQL, and each path accepts only its own callers' keys.
   */
  private authMiddleware(gatewayKey: string, servicePaths: readonly ServicePath[]): RequestHandler {
    const verify = (publicKey: string | readonly string[]) =>
      createInternalAuthMiddleware(new InternalTokenVerifier({ publicKey, audience: this.opts.service }));
    const gatewayAuth = verify(gatewayKey);
    if (!servicePaths.length) return gatewayAuth;
    const paths = servicePaths.map(
      ({ prefix, keys }) => [prefix, keys?.length ? verify(keys) : refuse] as const,
    );
    return (req: Request, res: Response, next: NextFunction) => {
      const url = req.originalUrl ?? req.url ?? '';
      const service = paths.find(([prefix]) => url.startsWith(prefix));
      (service ? service[1] : gatewayAuth)(req, res, next);
    };
  }

  /** A worker connection (waits Redis out), disconnected by `close()` after the workers stopped. */
  workerConnection(): Redis {
    if (!this.opts.redisUrl) throw new Error(`${this.opts.service}: no Redis configured`);
    const connection = createRedis(this.opts.redisUrl, 'worker');
    this.connections.push(connection);
    return connection;
  }

  /** Stopped by `close()` after the app, in the order registered (workers, schedulers). */
  onClose<T extends { close(): Promise<unknown> | unknown } | undefined>(stoppable: T): T {
    if (stoppable) this.closers.push(() => stoppable.close());
    return stoppable;
  }

  /**
   * Runs `task` every `ms` (0 or less: never) without keeping the process alive; a failure is
   * logged by its error's name only (`<what> failed`) and the next run happens as usual.
   */
  every(ms: number, what: string, task: () => Promise<unknown>): void {
    if (ms <= 0) return;
    const timer = setInterval(() => {
      task().catch((err: Error) => this.logger.warn({ err: { name: err.name } }, `${what} failed`));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  /** The app, its data source, relay and `close()`, as every app's factory returns them. */
  built(): BuiltSubgraph {
    if (!this.app) throw new Error(`${this.opts.service}: createApp() first`);
    return { app: this.app, ds: this.ds, relay: this.relay, close: this.close };
  }

  /**
   * Stops in order: the timers, the app (no new requests), the workers (the jobs in hand finish),
   * the relay (its batch finishes), the Redis connections, the pool.
   */
  close = async (): Promise<void> => {
    for (const timer of this.timers) clearInterval(timer);
    await this.app?.close();
    for (const close of this.closers) await close();
    await this.relay?.stop();
    for (const connection of this.connections) connection.disconnect();
    this.producer?.disconnect();
    if (this.ds.isInitialized) await this.ds.destroy();
  };
}

export interface ServeSubgraphOptions {
  service: string;
  app: INestApplication;
  close: () => Promise<void>;
  port: number;
  host: string;
  logger: Logger;
  /** The startup line (default `<service> subgraph listening`) and what it logs beside port and host. */
  message?: string;
  fields?: Record<string, unknown>;
}

/** main.ts's part: keep-alive timeouts, listen, one startup line, graceful shutdown on signals. */
export async function serveSubgraph(o: ServeSubgraphOptions): Promise<void> {
  configureServerKeepAlive(o.app.getHttpServer());
  await o.app.listen(o.port, o.host);
  o.logger.info({ port: o.port, host: o.host, ...o.fields }, o.message ?? `${o.service} subgraph listening`);
  closeOnSignals({ service: o.service, close: o.close, logger: o.logger });
}

/** A subgraph's runtime: its data source open, its app still to build (`SubgraphRuntime.create`). */
export const createSubgraphRuntime = (opts: SubgraphRuntimeOptions): Promise<SubgraphRuntime> =>
  SubgraphRuntime.create(opts);
