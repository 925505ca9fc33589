import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { loadConfig, SubgraphConfig } from '@scp/platform-config';

export class NotificationsConfig extends SubgraphConfig {
  /** Required: the inbox is fed by events, and emails and reminders are jobs. */
  @IsString() REDIS_URL: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535) NOTIFICATIONS_PORT: number = 4004;
  @IsOptional() @IsString() NOTIFICATIONS_HOST: string = '127.0.0.1';
  /** `all` (subgraph and worker in one process, the default), `api` or `worker`. */
  @IsOptional() @IsIn(['all', 'api', 'worker']) NOTIFICATIONS_ROLE: string = 'all';
  /** The cases service, which answers who a message goes to (POST /internal/recipients). */
  @IsOptional() @IsString() CASES_INTERNAL_URL: string = 'http://127.0.0.1:4001';
  /** Required: the notifications service's own Ed25519 key for that call. */
  @IsString() @IsNotEmpty() NOTIFICATIONS_SERVICE_PRIVATE_KEY: string;
  /** SMTP server (smtp://host:port; smtps:// for TLS). `npm start` runs a development mail catcher. */
  @IsOptional() @IsString() SMTP_URL: string = 'smtp://127.0.0.1:1025';
  @IsOptional() @IsString() MAIL_FROM: string = 'Stalking clinic platform <no-reply@example.invalid>';
  /** The web app's address: links in emails point there. */
  @IsOptional() @IsString() WEB_BASE_URL: string = 'http://127.0.0.1:4010';
  @IsOptional() @IsString() INVITE_ORGANIZER_EMAIL: string = 'clinic-meetings@example.invalid';
  /** How often the reconciler re-adds jobs Redis lost (ms). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1000) RECONCILE_INTERVAL_MS: number = 30_000;
}

export function loadNotificationsConfig(
  env: Record<string, string | undefined> = process.env,
): NotificationsConfig {
  return loadConfig(NotificationsConfig, env);
}
