import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { loadConfig, SubgraphConfig, RequiredInProduction } from '@scp/platform-config';

export class ReferralsConfig extends SubgraphConfig {
  /** Events (the outbox relay, case events in); required in production. */
  @RequiredInProduction() @IsString() REDIS_URL?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535) REFERRALS_PORT: number = 4002;
  @IsOptional() @IsString() REFERRALS_HOST: string = '127.0.0.1';
  /** Public keys (PEM, comma-separated) of services allowed to call /internal/* (the cases service). */
  @RequiredInProduction() @IsString() REFERRALS_SERVICE_CALLER_KEYS?: string;
}

export function loadReferralsConfig(env: Record<string, string | undefined> = process.env): ReferralsConfig {
  return loadConfig(ReferralsConfig, env);
}
