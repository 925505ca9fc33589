import { permittedFieldsOf } from '@casl/ability/extra';
import { subject as asSubject } from '@casl/ability';
import { CASE_CATEGORIES, limited, type FieldKey } from './policy-table.js';
import type { Action, AppAbility, CaseSubject } from './ability.js';

export const ALL_CASE_FIELD_KEYS: readonly FieldKey[] = CASE_CATEGORIES.flatMap((c) => [c, limited(c)]);

/**
 * The categories the ability lets the caller act on for one loaded case, computed once per row
 * (one pass over the rules) and then looked up per field. The subject is a fresh object, so
 * CASL's subject tagging never touches a cached row (security.md C7).
 */
export function caseFieldsFor(ability: AppAbility, action: Action, row: CaseSubject): ReadonlySet<FieldKey> {
  const fields = permittedFieldsOf(
    ability,
    action,
    asSubject('Case', { id: row.id, clinicId: row.clinicId, participantAgencyIds: row.participantAgencyIds }),
    { fieldsFrom: (rule) => (rule.fields as string[] | undefined) ?? [...ALL_CASE_FIELD_KEYS] },
  );
  return new Set(fields as FieldKey[]);
}
