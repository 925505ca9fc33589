import { postToCases, type CasesInternalOptions } from './cases-internal.js';
import type { ClinicDirectory } from './tokens.js';

/**
 * The cases service's directory (`POST /internal/clinic-member {clinicId, userId}` → `{agencyId}`
 * or 404). Fails closed: an answer other than those two is an error, never "member".
 */
export class HttpClinicDirectory implements ClinicDirectory {
  constructor(private readonly opts: CasesInternalOptions) {}

  async memberAgency(clinicId: string, userId: string): Promise<string | null> {
    const res = await postToCases(this.opts, 'clinic-member', { clinicId, userId });
    if (res.status === 404) return null;
    if (res.status !== 200) throw new Error(`clinic directory unavailable (${res.status})`);
    const { agencyId } = (await res.json()) as { agencyId?: unknown };
    if (typeof agencyId !== 'string') throw new Error('clinic directory answered without an agency');
    return agencyId;
  }
}
