import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { loadConfig, SubgraphConfig, RequiredInProduction } from '@scp/platform-config';
import type { InviteSettings } from '@scp/meetings';

export class MeetingsConfig extends SubgraphConfig {
  /** Events (the outbox relay, case events in); required in production. */
  @RequiredInProduction() @IsString() REDIS_URL?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535) MEETINGS_PORT: number = 4003;
  @IsOptional() @IsString() MEETINGS_HOST: string = '127.0.0.1';
  /** The cases service, for its free-text check of minutes, contributions and recommendations. */
  @IsOptional() @IsString() CASES_INTERNAL_URL: string = 'http://127.0.0.1:4001';
  /**
   * The meetings service's own key for service calls (the free-text check). Without it free text
   * is not checked against the case's victim location values: production requires it, development
   * logs a warning.
   */
  @RequiredInProduction() @IsString() MEETINGS_SERVICE_PRIVATE_KEY?: string;
  /** The web app's address: calendar invites link to the meeting's page there. */
  @IsOptional() @IsString() WEB_BASE_URL: string = 'http://127.0.0.1:4010';
  /** The organiser of calendar invites (a clinic mailbox). */
  @IsOptional() @IsString() INVITE_ORGANIZER_EMAIL: string = 'clinic-meetings@example.invalid';
}

/** Calendar invite settings from the configuration. */
export function inviteSettings(config: MeetingsConfig): InviteSettings {
  const base = config.WEB_BASE_URL.replace(/\/+$/, '');
  return {
    organizer: { name: 'Stalking clinic', email: config.INVITE_ORGANIZER_EMAIL },
    uidDomain: `meetings.${new URL(base).hostname}`,
    meetingUrl: (id) => `${base}/meetings/${id}`,
  };
}

export function loadMeetingsConfig(env: Record<string, string | undefined> = process.env): MeetingsConfig {
  return loadConfig(MeetingsConfig, env);
}
