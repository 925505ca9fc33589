import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { loadConfig, SubgraphConfig, RequiredInProduction } from '@scp/platform-config';

export class CasesConfig extends SubgraphConfig {
  /** Events (the outbox relay) and the referral intake worker; required in production. */
  @RequiredInProduction() @IsString() REDIS_URL?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535) CASES_PORT: number = 4001;
  @IsOptional() @IsString() CASES_HOST: string = '127.0.0.1';
  /**
   * The cases service's own key for service calls (the referral hand-off): without it no case is
   * opened from a referral, so production requires it.
   */
  @RequiredInProduction() @IsString() CASES_SERVICE_PRIVATE_KEY?: string;
  @IsOptional() @IsString() REFERRALS_INTERNAL_URL: string = 'http://127.0.0.1:4002';
  /** Comma-separated PEM public keys of services allowed on /internal/free-text-check (meetings). */
  @RequiredInProduction() @IsString() CASES_SERVICE_CALLER_KEYS?: string;
  /** The notifications service's public key(s), comma-separated: the only caller of /internal/recipients. */
  @RequiredInProduction() @IsString() CASES_NOTIFICATIONS_CALLER_KEYS?: string;
  /**
   * Where signed checkpoints of the audit chain's head are appended (a file on append-only storage
   * of the operator's choosing); needs CASES_SERVICE_PRIVATE_KEY. Required in production: without
   * it `npm run audit:verify` cannot tell a log whose newest events were removed (docs/audit.md).
   */
  @RequiredInProduction() @IsString() AUDIT_CHECKPOINT_FILE?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1000) AUDIT_CHECKPOINT_INTERVAL_MS: number = 60_000;
  /** How often the lifecycle sweep runs (reviews falling due, overdue urgent reviews); 0 disables. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) LIFECYCLE_SWEEP_INTERVAL_MS: number = 15 * 60_000;
  /**
   * The S3 bucket documents are kept in (libs/cases/src/documents/document-store.config.ts reads
   * the rest: DOCUMENT_S3_REGION, DOCUMENT_S3_ENDPOINT…). Required in production: the local disk
   * store is for development only, and a pod's disk is neither shared nor kept.
   */
  @RequiredInProduction() @IsString() DOCUMENT_S3_BUCKET?: string;
  @IsOptional() @IsIn(['local', 's3']) DOCUMENT_STORE?: string;
}

export function loadCasesConfig(env: Record<string, string | undefined> = process.env): CasesConfig {
  const config = loadConfig(CasesConfig, env);
  if (config.NODE_ENV === 'production' && config.DEV_IDENTITIES === 'true')
    throw new Error('DEV_IDENTITIES cannot be enabled in production');
  if (config.NODE_ENV === 'production' && config.DOCUMENT_STORE === 'local')
    throw new Error('DOCUMENT_STORE=local is for development only: production keeps documents in S3');
  if (config.AUDIT_CHECKPOINT_FILE && !config.CASES_SERVICE_PRIVATE_KEY)
    throw new Error(
      'AUDIT_CHECKPOINT_FILE needs CASES_SERVICE_PRIVATE_KEY, the key that signs the checkpoints',
    );
  return config;
}
