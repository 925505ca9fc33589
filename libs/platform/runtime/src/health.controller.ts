import { Controller, Get, HttpException, Inject } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/** The subgraph's data source (the runtime role), as the runtime's own controllers inject it. */
export const SUBGRAPH_DATA_SOURCE = Symbol('SUBGRAPH_DATA_SOURCE');

/**
 * `GET /health` (the process answers) and `GET /health/ready` (its database answers; 503
 * otherwise), the same in every subgraph. No authentication: the probes carry no token.
 */
@Controller('health')
export class HealthController {
  constructor(@Inject(SUBGRAPH_DATA_SOURCE) private readonly ds: DataSource) {}

  @Get()
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready() {
    try {
      // raw SQL: the readiness ping
      await this.ds.query('SELECT 1');
      return { status: 'ok' };
    } catch {
      throw new HttpException({ status: 'unavailable' }, 503);
    }
  }
}
