import { createHash, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export interface Session {
  /** The bearer token the BFF adds to proxied requests; it never reaches the browser. */
  accessToken: string;
  /** Epoch ms: when the access token expires (it is refreshed shortly before, when it can be). */
  accessExpiresAt: number;
  /**
   * Epoch ms: when the session ends, which `/auth/session` reports and the store's TTL follows.
   * Without a refresh token it is the access token's expiry; with one, the end of the absolute
   * lifetime (or the refresh token's own expiry, when the identity provider says it). Never later
   * than `maxExpiresAt`.
   */
  expiresAt: number;
  /** Epoch ms: the absolute end (sign-in + WEB_SESSION_MAX_HOURS); no refresh goes past it. */
  maxExpiresAt: number;
  username?: string;
  /** OIDC only: for the identity provider's sign-out. */
  idToken?: string;
  /** OIDC only, when the provider issued one: server side only, never sent to the browser. */
  refreshToken?: string;
}

export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  expiresAt: number;
}

/**
 * Where the BFF keeps its sessions and pending sign-ins. Every method is async, so that one
 * interface fits the process-local store and a shared one.
 */
export interface SessionStore {
  readonly kind: 'memory' | 'redis';
  /** Stores a new session under a new random id (the cookie value) and returns the id. */
  create(session: Session): Promise<string>;
  /**
   * The live session, or undefined (an expired or signed-out one is gone). Throws
   * `SessionStoreUnavailableError` when the shared store cannot say (Redis down, no local copy).
   */
  get(id: string | undefined): Promise<Session | undefined>;
  /** Replaces a live session (after a token refresh), TTL included; false when it has ended. */
  update(id: string, session: Session): Promise<boolean>;
  destroy(id: string | undefined): Promise<void>;
  savePending(p: PendingSignIn): Promise<string>;
  /** A pending sign-in is taken once: a second take of the same id finds nothing. */
  takePending(id: string | undefined): Promise<PendingSignIn | undefined>;
  /**
   * Takes the session's refresh lock for `ttlMs` (across every replica sharing the store); the
   * returned function releases it. Undefined when someone else holds it.
   */
  lockRefresh(id: string, ttlMs: number): Promise<(() => Promise<void>) | undefined>;
  /** Resolves when the store can answer (Redis connected). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export const newSessionId = (): string => randomBytes(32).toString('base64url');

/**
 * Sessions in memory: fine for one development process and for tests, lost on restart and not
 * shared between replicas. Several web replicas need `RedisSessionStore` (WEB_SESSION_STORE=redis).
 */
export class MemorySessionStore implements SessionStore {
  readonly kind = 'memory' as const;
  private readonly sessions = new Map<string, Session>();
  private readonly pending = new Map<string, PendingSignIn>();
  private readonly locks = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async create(session: Session): Promise<string> {
    this.sweep();
    const id = newSessionId();
    this.sessions.set(id, { ...session });
    return id;
  }

  async get(id: string | undefined): Promise<Session | undefined> {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (s.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return { ...s };
  }

  async update(id: string, session: Session): Promise<boolean> {
    if (!(await this.get(id))) return false;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return false;
    }
    this.sessions.set(id, { ...session });
    return true;
  }

  async destroy(id: string | undefined): Promise<void> {
    if (id) this.sessions.delete(id);
  }

  async savePending(p: PendingSignIn): Promise<string> {
    this.sweep();
    const id = newSessionId();
    this.pending.set(id, p);
    return id;
  }

  async takePending(id: string | undefined): Promise<PendingSignIn | undefined> {
    if (!id) return undefined;
    const p = this.pending.get(id);
    this.pending.delete(id);
    return p && p.expiresAt > this.now() ? p : undefined;
  }

  async lockRefresh(id: string, ttlMs: number): Promise<(() => Promise<void>) | undefined> {
    const now = this.now();
    const held = this.locks.get(id);
    if (held !== undefined && held > now) return undefined;
    const until = now + ttlMs;
    this.locks.set(id, until);
    return async () => {
      if (this.locks.get(id) === until) this.locks.delete(id);
    };
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {}

  size(): number {
    return this.sessions.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
    for (const [id, p] of this.pending) if (p.expiresAt <= now) this.pending.delete(id);
    for (const [id, until] of this.locks) if (until <= now) this.locks.delete(id);
  }
}

/** The SHA-256 of a cookie value: what a Redis key holds instead of the id itself. */
export const hashId = (id: string): string => createHash('sha256').update(id).digest('hex');

const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface RedisSessionStoreOptions {
  /** Namespace of every key; default `scp:web:`. */
  keyPrefix?: string;
  now?: () => number;
  /** Sessions this replica keeps a local copy of, for a Redis outage (least recently read go first). */
  localCopies?: number;
  /** How long a sign-out whose session this replica does not hold is refused locally (the session's longest life). */
  revokedTtlMs?: number;
}

/**
 * The shared session store cannot be reached (Redis down or not answering): what needs it (a new
 * sign-in, a token refresh) answers 503 and can be tried again once it is back.
 */
export class SessionStoreUnavailableError extends Error {
  readonly status = 503;
  constructor(cause?: unknown) {
    super('the session store cannot be reached', { cause });
    this.name = 'SessionStoreUnavailableError';
  }
}

/** A signed-out session this replica refuses until `until`; `deleted` once Redis has forgotten it too. */
interface Revoked {
  until: number;
  deleted: boolean;
}

const REVOKED_MAX = 100_000;

/**
 * Sessions in Redis, shared by every web replica and kept across restarts:
 * - `<prefix>session:<sha256(id)>`: the session as JSON, with PX = the session's end;
 * - `<prefix>signin:<sha256(id)>`: a pending OIDC sign-in (state, nonce, PKCE verifier), with a
 *   short PX, read and deleted in one GETDEL so that it is used once;
 * - `<prefix>refresh-lock:<sha256(id)>`: held (SET NX PX) while one replica refreshes the token.
 * Keys hold the SHA-256 of the cookie value, never the value itself: a `KEYS` listing, a dump or a
 * slow log does not hand out sessions.
 *
 * While Redis cannot be reached (docs/sessions.md), a session this replica read recently goes on
 * from its local copy until its access token expires, with no refresh; a sign-in or a refresh
 * throws `SessionStoreUnavailableError` (503). A sign-out drops the local copy, is refused by this
 * replica from then on, and is deleted from Redis as soon as the connection is ready again. A
 * sign-out is also published on `<prefix>signed-out`, so that every replica drops its copy; each
 * reconnect drops all copies (a sign-out published meanwhile was missed).
 *
 * A session holds the user's access and refresh tokens in clear. This Redis must be private to
 * the deployment: on an internal network only, with a password or ACL user (`requirepass`/ACL,
 * `rediss://` across hosts), not reachable from the browser's side, and not shared with anything
 * that is not trusted with those tokens.
 */
export class RedisSessionStore implements SessionStore {
  readonly kind = 'redis' as const;
  private readonly prefix: string;
  private readonly now: () => number;
  private readonly ownsClient: boolean;
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly channel: string;
  private readonly localCopies: number;
  private readonly revokedTtlMs: number;
  /** Local copies by key hash, least recently read first; never with the refresh token. */
  private readonly local = new Map<string, Session>();
  private readonly revoked = new Map<string, Revoked>();
  private flushing?: Promise<void>;
  private readonly onReady: () => void;

  constructor(redis: Redis | string, opts: RedisSessionStoreOptions = {}) {
    this.prefix = opts.keyPrefix ?? 'scp:web:';
    this.now = opts.now ?? Date.now;
    this.localCopies = opts.localCopies ?? 10_000;
    this.revokedTtlMs = opts.revokedTtlMs ?? 24 * 3_600_000;
    this.ownsClient = typeof redis === 'string';
    this.redis = typeof redis === 'string' ? createSessionRedis(redis) : redis;
    this.channel = `${this.prefix}signed-out`;
    // Subscribed at each 'ready' here, not by ioredis' autoResubscribe, whose SUBSCRIBE has no
    // handler: a close while it waits for its reply is an unhandled rejection.
    this.subscriber = this.redis.duplicate({
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      autoResubscribe: false,
      connectionName: 'scp-web-signed-out',
    });
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, hash: string) => this.local.delete(hash));
    // Back after a disconnect: copies may have missed a sign-out; pending sign-outs reach Redis.
    let first = true;
    this.onReady = () => {
      if (!first) this.local.clear();
      first = false;
      void this.flushRevoked();
    };
    this.redis.on('ready', this.onReady);
    this.subscriber.on('ready', () => {
      this.local.clear();
      void this.subscriber.subscribe(this.channel).catch(() => undefined);
    });
  }

  private key(kind: 'session' | 'signin' | 'refresh-lock', id: string): string {
    return this.keyOf(kind, hashId(id));
  }

  private keyOf(kind: 'session' | 'signin' | 'refresh-lock', hash: string): string {
    return `${this.prefix}${kind}:${hash}`;
  }

  /** Runs a Redis command; any failure of it is the store being unavailable. */
  private async shared<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (err) {
      throw new SessionStoreUnavailableError(err);
    }
  }

  private remember(hash: string, session: Session): void {
    this.local.delete(hash);
    const { refreshToken: _kept, ...copy } = session;
    this.local.set(hash, copy);
    while (this.local.size > this.localCopies) this.local.delete(this.local.keys().next().value!);
  }

  /** The local copy while Redis cannot be reached: until its access token expires, never refreshed. */
  private offline(hash: string): Session | undefined {
    const s = this.local.get(hash);
    if (!s) return undefined;
    const end = Math.min(s.expiresAt, s.accessExpiresAt);
    if (end <= this.now()) {
      this.local.delete(hash);
      return undefined;
    }
    this.remember(hash, s);
    return { ...s, expiresAt: end };
  }

  private isRevoked(hash: string): boolean {
    const r = this.revoked.get(hash);
    if (r && r.until <= this.now()) this.revoked.delete(hash);
    return Boolean(r && r.until > this.now());
  }

  /** Sign-outs Redis has not heard of yet: deleted there now, and told to the other replicas. */
  private flushRevoked(): Promise<void> {
    this.flushing ??= (async () => {
      for (const [hash, r] of this.revoked) {
        if (r.deleted) continue;
        try {
          await this.redis.del(this.keyOf('session', hash), this.keyOf('refresh-lock', hash));
          await this.redis.publish(this.channel, hash);
          r.deleted = true;
        } catch {
          return; // down again: the next 'ready' goes on
        }
      }
    })().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Whether this replica holds a local copy of the session (for tests and diagnostics). */
  hasLocalCopy(id: string): boolean {
    return this.local.has(hashId(id));
  }

  /** Sign-outs not yet deleted from Redis (they are, at its next 'ready'). */
  pendingSignOuts(): number {
    return [...this.revoked.values()].filter((r) => !r.deleted).length;
  }

  async create(session: Session): Promise<string> {
    const ttl = session.expiresAt - this.now();
    const id = newSessionId();
    if (ttl <= 0) return id; // already over: nothing to keep, and `get` finds nothing
    await this.shared(() => this.redis.set(this.key('session', id), JSON.stringify(session), 'PX', ttl));
    this.remember(hashId(id), session);
    return id;
  }

  async get(id: string | undefined): Promise<Session | undefined> {
    if (!id) return undefined;
    const hash = hashId(id);
    // Signed out here while Redis was away: refused even if the shared copy is still there.
    if (this.isRevoked(hash)) return undefined;
    let raw: string | null;
    try {
      raw = await this.redis.get(this.keyOf('session', hash));
    } catch (err) {
      // No copy here to go on with: unknown, not ended (a 503, and the cookie stays).
      const copy = this.offline(hash);
      if (copy) return copy;
      throw new SessionStoreUnavailableError(err);
    }
    const s = raw ? parse<Session>(raw) : undefined;
    // Redis expires the key at the end; this covers a clock step between the replicas.
    if (!s || s.expiresAt <= this.now()) {
      this.local.delete(hash);
      return undefined;
    }
    this.remember(hash, s);
    return s;
  }

  async update(id: string, session: Session): Promise<boolean> {
    const ttl = session.expiresAt - this.now();
    const key = this.key('session', id);
    if (ttl <= 0) {
      this.local.delete(hashId(id));
      await this.shared(() => this.redis.del(key));
      return false;
    }
    // XX: only while the session is still there (a sign-out meanwhile stays a sign-out).
    const ok =
      (await this.shared(() => this.redis.set(key, JSON.stringify(session), 'PX', ttl, 'XX'))) === 'OK';
    if (ok && !this.isRevoked(hashId(id))) this.remember(hashId(id), session);
    return ok;
  }

  /**
   * Never fails: the local copy goes at once; when Redis cannot be reached, this replica refuses
   * the id from now on and deletes it from Redis when the connection is ready again.
   */
  async destroy(id: string | undefined): Promise<void> {
    if (!id) return;
    const hash = hashId(id);
    const held = this.local.get(hash);
    this.local.delete(hash);
    try {
      await this.redis.del(this.keyOf('session', hash), this.keyOf('refresh-lock', hash));
      await this.redis.publish(this.channel, hash);
    } catch {
      this.revoked.delete(hash);
      this.revoked.set(hash, {
        until: Math.max(held?.expiresAt ?? 0, this.now() + this.revokedTtlMs),
        deleted: false,
      });
      for (const [h, r] of this.revoked) {
        if (this.revoked.size <= REVOKED_MAX) break;
        if (r.deleted || r.until <= this.now()) this.revoked.delete(h);
      }
    }
  }

  async savePending(p: PendingSignIn): Promise<string> {
    const id = newSessionId();
    const ttl = Math.max(1, p.expiresAt - this.now());
    await this.shared(() => this.redis.set(this.key('signin', id), JSON.stringify(p), 'PX', ttl));
    return id;
  }

  async takePending(id: string | undefined): Promise<PendingSignIn | undefined> {
    if (!id) return undefined;
    const raw = await this.shared(() => this.redis.getdel(this.key('signin', id)));
    const p = raw ? parse<PendingSignIn>(raw) : undefined;
    return p && p.expiresAt > this.now() ? p : undefined;
  }

  async lockRefresh(id: string, ttlMs: number): Promise<(() => Promise<void>) | undefined> {
    const key = this.key('refresh-lock', id);
    const token = newSessionId();
    if ((await this.shared(() => this.redis.set(key, token, 'PX', ttlMs, 'NX'))) !== 'OK') return undefined;
    return async () => {
      await this.redis.eval(RELEASE_LOCK, 1, key, token);
    };
  }

  ready(): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.redis.off('ready', onReady);
        reject(new Error('web: the session Redis is not ready after 10 s'));
      }, 10_000);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      this.redis.once('ready', onReady);
    });
  }

  async close(): Promise<void> {
    this.redis.off('ready', this.onReady);
    this.subscriber.disconnect();
    if (!this.ownsClient) return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * The BFF's Redis connection: no offline queue and a command timeout, so that a request while
 * Redis is down fails at once (and is answered from the local copy, or 503) instead of waiting;
 * it keeps reconnecting in the background.
 */
export function createSessionRedis(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 5_000,
    connectTimeout: 5_000,
    retryStrategy: (times: number) => Math.min(200 * 2 ** Math.min(times, 6), 5_000),
    connectionName: 'scp-web-sessions',
  });
  // An 'error' event without a listener crashes the process; ioredis reconnects by itself.
  redis.on('error', () => undefined);
  return redis;
}

function parse<T>(raw: string): T | undefined {
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}
