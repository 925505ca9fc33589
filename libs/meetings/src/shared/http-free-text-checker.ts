import { badInput } from '@scp/platform-graphql';
import { postToCases, type CasesInternalOptions } from './cases-internal.js';
import type { FreeTextChecker } from './tokens.js';

/**
 * The cases service's free-text check (`POST /internal/free-text-check {caseId, text}` → `{ok}`),
 * called with a service token signed by the meetings service's own key. Fails closed: if the
 * check cannot be made, the text is not stored (the caller gets an error, never a silent pass).
 */
export class HttpFreeTextChecker implements FreeTextChecker {
  constructor(private readonly opts: CasesInternalOptions) {}

  async assertClean(caseId: string, text: string | null | undefined, field: string): Promise<void> {
    if (!text) return;
    const res = await postToCases(this.opts, 'free-text-check', { caseId, text });
    if (res.status !== 200) throw new Error(`free-text check unavailable (${res.status})`);
    const body = (await res.json()) as { ok?: unknown };
    if (body.ok !== true)
      throw badInput(`${field} must not contain the victim's location or contact details`, field);
  }
}
