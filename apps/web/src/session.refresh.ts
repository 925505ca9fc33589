import type { Logger } from '@scp/platform-logging';
import { OidcRefreshError, type OidcClient, type TokenSet } from './oidc.client.js';
import { SessionStoreUnavailableError, type Session, type SessionStore } from './session.store.js';

/** A token this close to its expiry is refreshed before it is used. */
export const REFRESH_WINDOW_MS = 60_000;

/**
 * When a session ends. Without a refresh token: with its access token. With one: at the end of the
 * absolute lifetime, or earlier when the provider said when the refresh token expires (not before
 * the access token, though). Never past `maxExpiresAt`.
 */
export function sessionEnd(
  t: Pick<TokenSet, 'expiresAt' | 'refreshToken' | 'refreshExpiresAt'>,
  maxExpiresAt: number,
): number {
  if (!t.refreshToken) return Math.min(t.expiresAt, maxExpiresAt);
  return Math.min(maxExpiresAt, Math.max(t.expiresAt, t.refreshExpiresAt ?? maxExpiresAt));
}

/** A new session from a sign-in's tokens, its absolute end counted from `now`. */
export function newSession(t: TokenSet, maxMs: number, now = Date.now()): Session {
  const maxExpiresAt = now + maxMs;
  return {
    accessToken: t.accessToken,
    accessExpiresAt: t.expiresAt,
    expiresAt: sessionEnd(t, maxExpiresAt),
    maxExpiresAt,
    username: t.username,
    idToken: t.idToken,
    refreshToken: t.refreshToken,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SessionRefresherOptions {
  windowMs?: number;
  /** How long one refresh may hold the session's lock (and others wait for it). */
  lockMs?: number;
  pollMs?: number;
  now?: () => number;
  /** Called once a refreshed session is stored (the audit's REFRESHED event); errors are logged only. */
  onRefreshed?: (id: string, session: Session) => Promise<void>;
}

/**
 * Keeps a session's access token fresh. A proxied request whose token is within
 * `REFRESH_WINDOW_MS` of its expiry has it refreshed first (grant_type=refresh_token). One refresh
 * per session at a time: concurrent requests in this process share one promise, and replicas
 * sharing a Redis store take the session's refresh lock (SET NX PX); the others wait for the new
 * token to appear in the store. A refused refresh ends the session; a failure that may pass (the
 * provider unreachable, a 5xx) leaves it going on its current token while that is still valid.
 */
export class SessionRefresher {
  private readonly inflight = new Map<string, Promise<Session | undefined>>();
  private readonly windowMs: number;
  private readonly lockMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;
  private readonly onRefreshed?: (id: string, session: Session) => Promise<void>;

  constructor(
    private readonly store: SessionStore,
    private readonly oidc: OidcClient | undefined,
    private readonly logger: Logger,
    opts: SessionRefresherOptions = {},
  ) {
    this.windowMs = opts.windowMs ?? REFRESH_WINDOW_MS;
    this.lockMs = opts.lockMs ?? 15_000;
    this.pollMs = opts.pollMs ?? 50;
    this.now = opts.now ?? Date.now;
    this.onRefreshed = opts.onRefreshed;
  }

  private due(s: Session): boolean {
    // Only when the session outlives its token: none is refreshed past the absolute end.
    return (
      Boolean(s.refreshToken) &&
      s.accessExpiresAt < s.expiresAt &&
      s.accessExpiresAt - this.now() <= this.windowMs
    );
  }

  private usable(s: Session): Session | undefined {
    return s.accessExpiresAt > this.now() && s.expiresAt > this.now() ? s : undefined;
  }

  /** The session with a token fit to send, refreshed first when due; undefined once it is over. */
  async live(id: string, session: Session): Promise<Session | undefined> {
    if (!this.oidc || !this.due(session)) return this.usable(session);
    let p = this.inflight.get(id);
    if (!p) {
      p = this.refreshOnce(id)
        .catch((err: unknown) => {
          // The store went away mid-refresh: no rotation without it; the current token goes on.
          if (err instanceof SessionStoreUnavailableError) return this.usable(session);
          throw err;
        })
        .finally(() => this.inflight.delete(id));
      this.inflight.set(id, p);
    }
    return p;
  }

  private async refreshOnce(id: string): Promise<Session | undefined> {
    const deadline = this.now() + this.lockMs;
    for (;;) {
      const release = await this.store.lockRefresh(id, this.lockMs);
      if (release) {
        try {
          return await this.refreshHolding(id);
        } finally {
          await release().catch(() => undefined);
        }
      }
      // Another replica is refreshing: its new token shows in the store.
      await sleep(this.pollMs);
      const s = await this.store.get(id);
      if (!s) return undefined;
      if (!this.due(s)) return this.usable(s);
      if (this.now() > deadline) return this.usable(s);
    }
  }

  private async refreshHolding(id: string): Promise<Session | undefined> {
    // Read again under the lock: someone may have refreshed it just before.
    const current = await this.store.get(id);
    if (!current) return undefined;
    if (!this.due(current) || !current.refreshToken) return this.usable(current);
    let t: TokenSet;
    try {
      t = await this.oidc!.refresh(current.refreshToken, current.idToken);
    } catch (err) {
      const rejected = !(err instanceof OidcRefreshError) || err.rejected;
      const still = rejected ? undefined : this.usable(current);
      this.logger.warn(
        { err: err instanceof Error ? err.message : 'error', sessionEnded: !still },
        'OIDC token refresh failed',
      );
      if (!still) await this.store.destroy(id);
      return still;
    }
    const next: Session = {
      ...current,
      accessToken: t.accessToken,
      accessExpiresAt: t.expiresAt,
      idToken: t.idToken ?? current.idToken,
      refreshToken: t.refreshToken ?? current.refreshToken,
      expiresAt: sessionEnd(
        {
          expiresAt: t.expiresAt,
          refreshToken: t.refreshToken ?? current.refreshToken,
          refreshExpiresAt: t.refreshExpiresAt,
        },
        current.maxExpiresAt,
      ),
    };
    // False when the session ended meanwhile (signed out, or its absolute end reached).
    if (!(await this.store.update(id, next))) return undefined;
    await this.onRefreshed?.(id, next).catch((err: unknown) =>
      this.logger.error({ err: err instanceof Error ? err.message : 'error' }, 'session refresh not audited'),
    );
    return this.usable(next);
  }
}
