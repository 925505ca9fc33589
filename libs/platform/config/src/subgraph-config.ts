import { IsBooleanString, IsIn, IsOptional, IsString } from 'class-validator';

/**
 * The settings every subgraph reads the same way; each service's config class extends it with its
 * own port and host (`<SERVICE>_PORT`, `<SERVICE>_HOST`), Redis rule and service keys.
 */
export class SubgraphConfig {
  @IsOptional() @IsIn(['development', 'test', 'production']) NODE_ENV: string = 'development';
  @IsString() DATABASE_URL: string;
  /** The gateway's public key (PEM; `\n` escapes allowed): every GraphQL request is signed with it. */
  @IsString() INTERNAL_JWT_PUBLIC_KEY: string;
  @IsOptional() @IsBooleanString() DEV_IDENTITIES?: string;
  @IsOptional() @IsString() LOG_LEVEL?: string;
  /** BullMQ key prefix: lets several stacks share one Redis (tests); default BullMQ's own. */
  @IsOptional() @IsString() QUEUE_PREFIX?: string;
}

/** A PEM key from an environment variable, where line breaks may be written `\n`. */
export const pem = (value: string): string => value.replace(/\\n/g, '\n');

/** Comma-separated PEM keys (see `pem`); undefined when the variable is unset. */
export const pemList = (value: string | undefined): string[] | undefined =>
  value?.split(',').map((k) => pem(k.trim()));
