export function freePort(): Promise<number>;
export interface PostgresHandle {
  url: string;
  embedded: boolean;
  dataDir?: string;
  stop(): Promise<void>;
}
export function startPostgres(opts?: {
  dataDir?: string;
  persistent?: boolean;
  port?: number;
  log?: (s: string) => void;
}): Promise<PostgresHandle>;
export interface RedisHandle {
  url: string;
  spawned: boolean;
  port?: number;
  pid?: () => number | undefined;
  kill?: () => Promise<void>;
  start?: () => Promise<void>;
  stop(): Promise<void>;
}
export function startRedis(opts?: {
  dataDir?: string;
  persistent?: boolean;
  port?: number;
  /** Stop with SIGTERM (Redis flushes its AOF) instead of SIGKILL; default: `persistent`. */
  gracefulStop?: boolean;
}): Promise<RedisHandle>;
export function redisServerBinary(): string | null;
