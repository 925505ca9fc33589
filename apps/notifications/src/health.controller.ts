import { Controller, Get, HttpException, Inject } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { NOTIFICATIONS_DATA_SOURCE } from '@scp/notifications';

@Controller('health')
export class HealthController {
  constructor(@Inject(NOTIFICATIONS_DATA_SOURCE) private readonly ds: DataSource) {}

  @Get()
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready() {
    try {
      await this.ds.query('SELECT 1');
      return { status: 'ok' };
    } catch {
      throw new HttpException({ status: 'unavailable' }, 503);
    }
  }
}
