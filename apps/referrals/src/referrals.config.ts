import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { loadConfig, RequiredInProduction } from '@scp/platform-config';

export class ReferralsConfig {
  @IsOptional() @IsIn(['development', 'test', 'production']) NODE_ENV: string = 'development';
  @IsString() DATABASE_URL: string;
  /** Events (the outbox relay, case events in); required in production. */
  @RequiredInProduction() @IsString() REDIS_URL?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535) REFERRALS_PORT: number = 4002;
  @IsOptional() @IsString() REFERRALS_HOST: string = '127.0.0.1';
  @IsString() INTERNAL_JWT_PUBLIC_KEY: string;
  /** Public keys (PEM, comma-separated) of services allowed to call /internal/* (the cases service). */
  @RequiredInProduction() @IsString() REFERRALS_SERVICE_CALLER_KEYS?: string;
  @IsOptional() @IsString() LOG_LEVEL?: string;
  /** BullMQ key prefix: lets several stacks share one Redis (tests); default BullMQ's own. */
  @IsOptional() @IsString() QUEUE_PREFIX?: string;
}

export function loadReferralsConfig(env: Record<string, string | undefined> = process.env): ReferralsConfig {
  return loadConfig(ReferralsConfig, env);
}
