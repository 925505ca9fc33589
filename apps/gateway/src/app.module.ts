import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { DevAuthController } from './dev-auth.controller.js';
import { gatewayDriverOptions } from './graphql.options.js';
import { GATEWAY_RUNTIME, type GatewayRuntime } from './gateway.runtime.js';
import { HealthController } from './health.controller.js';
import { FilesController } from './files.controller.js';
import { SessionEventsController } from './session-events.controller.js';

@Global()
@Module({})
class GatewayRuntimeModule implements OnApplicationShutdown {
  constructor(@Inject(GATEWAY_RUNTIME) private readonly rt: GatewayRuntime) {}

  /** `app.close()`: stop listening for directory changes, drop the subgraph sockets. */
  async onApplicationShutdown(): Promise<void> {
    await this.rt.close();
  }

  static forRoot(rt: GatewayRuntime): DynamicModule {
    return {
      module: GatewayRuntimeModule,
      providers: [{ provide: GATEWAY_RUNTIME, useValue: rt }],
      exports: [GATEWAY_RUNTIME],
    };
  }
}

@Module({})
export class AppModule {
  /** The dev issuer's controller is part of the module only when there is a dev issuer. */
  static forRoot(rt: GatewayRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayRuntimeModule.forRoot(rt),
        GraphQLModule.forRootAsync<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          inject: [GATEWAY_RUNTIME],
          useFactory: (runtime: GatewayRuntime) => gatewayDriverOptions(runtime),
        }),
      ],
      controllers: [
        HealthController,
        FilesController,
        SessionEventsController,
        ...(rt.devIssuer ? [DevAuthController] : []),
      ],
    };
  }
}
