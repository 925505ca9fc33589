import {
  Controller,
  Get,
  HttpException,
  Inject,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { GATEWAY_RUNTIME, type GatewayRuntime } from './gateway.runtime.js';

@Controller('health')
export class HealthController implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(GATEWAY_RUNTIME) private readonly rt: GatewayRuntime) {}

  /** The supergraph is loaded during module init, so by bootstrap the gateway can serve. */
  onApplicationBootstrap(): void {
    this.rt.state.ready = true;
  }

  /** Stop taking traffic from the load balancer before connections drain. */
  beforeApplicationShutdown(): void {
    this.rt.state.ready = false;
  }

  @Get()
  live(): { status: string } {
    return { status: 'ok' };
  }

  @Get('ready')
  ready(): { status: string } {
    if (!this.rt.state.ready) throw new HttpException({ status: 'starting' }, 503);
    return { status: 'ready' };
  }
}
