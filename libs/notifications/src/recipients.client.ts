import { randomUUID } from 'node:crypto';
import type { Recipient, RecipientQuery } from '@scp/contracts';
import type { InternalTokenSigner } from '@scp/platform-auth';
import type { RecipientDirectory } from './ports.js';

/** Asks the cases service with a token of the notifications service's own key (audience cases). */
export class HttpRecipientDirectory implements RecipientDirectory {
  constructor(private readonly opts: { baseUrl: string; signer: InternalTokenSigner; timeoutMs?: number }) {}

  async resolve(query: RecipientQuery): Promise<Recipient[]> {
    const res = await fetch(`${this.opts.baseUrl.replace(/\/+$/, '')}/internal/recipients`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.opts.signer.mintForService('notifications', 'cases', randomUUID())}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(query),
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5_000),
    });
    // Any failure is retried by the job (never "nobody to tell").
    if (res.status !== 200) throw new Error(`recipients lookup failed with HTTP ${res.status}`);
    const body = (await res.json()) as { recipients?: Recipient[] };
    if (!Array.isArray(body.recipients)) throw new Error('recipients lookup answered without a list');
    return body.recipients;
  }
}
