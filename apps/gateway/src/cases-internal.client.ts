import { isAgencyType, isRole, type Actor, type Role, type SessionEventKind } from '@scp/contracts';
import type { InternalTokenSigner } from '@scp/platform-auth';
import type { KeepAliveFetcher } from './keep-alive-fetcher.js';
import type { Logger } from './logger.js';

/** The actor without the request id: what may be reused across requests. */
export type ActorRecord = Omit<Actor, 'requestId'>;

export interface DemoUser {
  username: string;
  displayName: string;
  agencyName: string;
  roles: string[];
}

/**
 * The directory could not answer: unreachable, too slow (`lookupTimeoutMs`) or a 5xx. Unlike a
 * malformed answer (a bug: fail closed, internal error), this is an outage the gateway may ride
 * out with a recent record (ActorResolver) or answer as SERVICE_UNAVAILABLE.
 */
export class DirectoryUnavailable extends Error {
  override readonly name = 'DirectoryUnavailable';
}

/** The cases service refused the event as malformed (an unknown kind, a bad session reference). */
export class SessionEventRefused extends Error {}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;

/**
 * The cases service's internal endpoints (the directory of users), called with a service token
 * (kind `service`, sub `gateway`, aud `cases`) — never with a user's token.
 */
export class CasesInternalClient {
  constructor(
    private readonly baseUrl: string,
    private readonly signer: InternalTokenSigner,
    private readonly fetcher: KeepAliveFetcher,
    private readonly logger: Logger,
    /** Every request waits on this call: a hung directory must not hold them all for long. */
    private readonly lookupTimeoutMs = 2_000,
  ) {}

  /** The active user with this OIDC subject, or null (unknown or disabled). */
  async lookupActor(subject: string, requestId: string): Promise<ActorRecord | null> {
    let res: Awaited<ReturnType<KeepAliveFetcher>>;
    try {
      res = await this.fetcher(`${this.baseUrl}/internal/actor`, {
        method: 'POST',
        headers: { ...this.headers(requestId), 'content-type': 'application/json' },
        body: JSON.stringify({ subject }),
        signal: AbortSignal.timeout(this.lookupTimeoutMs),
      });
    } catch (error) {
      throw new DirectoryUnavailable(`cases /internal/actor unreachable: ${(error as Error).name}`, {
        cause: error,
      });
    }
    if (res.status === 404) return null;
    if (res.status >= 500)
      throw new DirectoryUnavailable(`cases /internal/actor responded with HTTP ${res.status}`);
    if (res.status !== 200) throw new Error(`cases /internal/actor responded with HTTP ${res.status}`);
    return this.toActorRecord(await res.json());
  }

  /**
   * Records a sign-in, refresh or sign-out in the audit chain, for the user whose internal token
   * (minted by the gateway after verifying the user's own) is given. Throws when not recorded.
   */
  async recordSessionEvent(
    userToken: string,
    requestId: string,
    event: SessionEventKind,
    session?: string,
  ): Promise<void> {
    const res = await this.fetcher(`${this.baseUrl}/internal/session-events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${userToken}`,
        'x-request-id': requestId,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ event, ...(session ? { session } : {}) }),
    });
    await res.arrayBuffer();
    if (res.status === 400) throw new SessionEventRefused();
    if (res.status !== 204)
      throw new Error(`cases /internal/session-events responded with HTTP ${res.status}`);
  }

  async listDemoUsers(requestId: string): Promise<DemoUser[]> {
    const res = await this.fetcher(`${this.baseUrl}/internal/demo-users`, {
      method: 'GET',
      headers: this.headers(requestId),
    });
    if (res.status !== 200) throw new Error(`cases /internal/demo-users responded with HTTP ${res.status}`);
    const body = await res.json();
    if (!Array.isArray(body)) throw new Error('cases /internal/demo-users: not a list');
    return body.map((u: Record<string, unknown>) => {
      if (
        !isString(u?.username) ||
        typeof u.displayName !== 'string' ||
        typeof u.agencyName !== 'string' ||
        !Array.isArray(u.roles)
      ) {
        throw new Error('cases /internal/demo-users: malformed entry');
      }
      return {
        username: u.username,
        displayName: u.displayName,
        agencyName: u.agencyName,
        roles: u.roles.filter(isRole),
      };
    });
  }

  private headers(requestId: string): Record<string, string> {
    return {
      authorization: `Bearer ${this.signer.mintForService('gateway', 'cases', requestId)}`,
      'x-request-id': requestId,
      accept: 'application/json',
    };
  }

  /** Validates what cases sent; anything odd is an error (fail closed), never a guess. */
  private toActorRecord(body: unknown): ActorRecord {
    const b = body as Record<string, unknown> | null;
    if (
      !b ||
      !isString(b.userId) ||
      !isString(b.agencyId) ||
      !isAgencyType(b.agencyType) ||
      !Array.isArray(b.roles)
    ) {
      throw new Error('cases /internal/actor: malformed actor');
    }
    if (!Array.isArray(b.clinicIds) || !b.clinicIds.every(isString))
      throw new Error('cases /internal/actor: malformed clinicIds');
    // A role this build does not know grants nothing (and would make subgraphs refuse the token).
    const roles = b.roles.filter(isRole) as Role[];
    if (roles.length !== b.roles.length)
      this.logger.warn({ userId: b.userId }, 'actor has roles unknown to this build; ignored');
    return {
      userId: b.userId,
      agencyId: b.agencyId,
      agencyType: b.agencyType,
      roles,
      clinicIds: [...(b.clinicIds as string[])],
    };
  }
}
