import type { EntityManager } from 'typeorm';
import { readByEveryCaseReader, type FieldKey } from '@scp/platform-access';
import { CaseEntity } from '../case/case.entities.js';

/**
 * Moves Case.updatedAt (D1: every role on the case reads it) only for a change every such role
 * can read; a write of clinical detail, a victim's location or any other narrower category
 * leaves it as it was, so that nobody learns from it that such work happened.
 */
export async function touchCaseTime(m: EntityManager, caseId: string, categories: readonly FieldKey[]) {
  if (readByEveryCaseReader(categories))
    await m.update(CaseEntity, { id: caseId }, { updatedAt: () => 'now()' });
}
