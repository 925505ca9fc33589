import { postToCases, type CasesInternalOptions } from './cases-internal.js';
import type { FreeTextChecker, FreeTextWrite } from './tokens.js';
import { forbidden, invalid } from '@scp/contracts';

/**
 * The cases service's free-text check (`POST /internal/free-text-check` → `{ok}` or
 * `{ok:false, reason, message}`), called with a service token signed by the meetings service's own
 * key. Fails closed: if the check cannot be made, the text is not stored (the caller gets an
 * error, never a silent pass). The message is the cases service's fixed sentence for the writer.
 */
export class HttpFreeTextChecker implements FreeTextChecker {
  constructor(private readonly opts: CasesInternalOptions) {}

  async assertClean(write: FreeTextWrite): Promise<void> {
    if (!write.text?.trim() || (!write.caseIds.length && !write.clinicId)) return;
    const res = await postToCases(this.opts, 'free-text-check', { ...write, kind: write.kind ?? 'prose' });
    if (res.status !== 200) throw new Error(`free-text check unavailable (${res.status})`);
    const body = (await res.json()) as { ok?: unknown; reason?: unknown; message?: unknown };
    if (body.ok === true) return;
    const message =
      typeof body.message === 'string'
        ? body.message
        : `${write.field} must not contain a location or contact details`;
    throw body.reason === 'PAUSED' ? forbidden(message) : invalid(message, write.field);
  }
}
