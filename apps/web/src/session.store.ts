import { randomBytes } from 'node:crypto';

export interface Session {
  /** The bearer token the BFF adds to proxied requests; it never reaches the browser. */
  accessToken: string;
  /** Epoch ms: the token's expiry, which is the session's. */
  expiresAt: number;
  username?: string;
  /** OIDC only: for the identity provider's sign-out. */
  idToken?: string;
}

export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  expiresAt: number;
}

/**
 * Sessions in memory: fine for one development process, lost on restart and not shared between
 * replicas. A deployment with several web replicas needs a shared store (Redis) behind the same
 * interface.
 */
export class MemorySessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly pending = new Map<string, PendingSignIn>();

  constructor(private readonly now: () => number = Date.now) {}

  static newId(): string {
    return randomBytes(32).toString('base64url');
  }

  create(session: Session): string {
    this.sweep();
    const id = MemorySessionStore.newId();
    this.sessions.set(id, session);
    return id;
  }

  /** The live session, or undefined (an expired one is removed). */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (s.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return s;
  }

  destroy(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  savePending(p: PendingSignIn): string {
    this.sweep();
    const id = MemorySessionStore.newId();
    this.pending.set(id, p);
    return id;
  }

  /** A pending sign-in is used once. */
  takePending(id: string | undefined): PendingSignIn | undefined {
    if (!id) return undefined;
    const p = this.pending.get(id);
    this.pending.delete(id);
    return p && p.expiresAt > this.now() ? p : undefined;
  }

  size(): number {
    return this.sessions.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
    for (const [id, p] of this.pending) if (p.expiresAt <= now) this.pending.delete(id);
  }
}
