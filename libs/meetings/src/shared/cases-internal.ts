import { randomUUID } from 'node:crypto';
import type { InternalTokenSigner } from '@scp/platform-auth';

/** How the meetings service reaches the cases service's internal endpoints. */
export interface CasesInternalOptions {
  baseUrl: string;
  /** Signs with the meetings service's own key (MEETINGS_SERVICE_PRIVATE_KEY). */
  signer: InternalTokenSigner;
  timeoutMs?: number;
}

/** `POST <cases>/internal/<path>` with a service token (audience cases) and a JSON body of ids. */
export function postToCases(opts: CasesInternalOptions, path: string, body: object): Promise<Response> {
  return fetch(`${opts.baseUrl}/internal/${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${opts.signer.mintForService('meetings', 'cases', randomUUID())}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 5_000),
  });
}
