import type { FieldKey } from './policy-table.js';

/**
 * Objects handed to GraphQL carry the categories their reader may see under this symbol
 * (computed once per row). The field middleware checks each field's declared category against
 * it; GraphQL never serialises a symbol-keyed property.
 */
export const ACCESS = Symbol.for('scp.access');

export interface AccessView {
  /** Categories (and `:limited` views) readable on this object. */
  fields: ReadonlySet<FieldKey | 'DIR'>;
  /** For audit: the entity the fields belong to. */
  entityType: string;
  entityId: string;
  /** The case the entity belongs to, if any. */
  caseId?: string;
  /** Agency that owns the data, for the auditor's "own agency's data" view. */
  ownerAgencyId?: string;
  /** The purpose stated on the field that led here (D6, D12, D16 objects). */
  purpose?: string;
}

export type WithAccess<T> = T & { [ACCESS]: AccessView };

export function withAccess<T extends object>(value: T, view: AccessView): WithAccess<T> {
  return Object.assign(value, { [ACCESS]: view });
}

export function accessOf(value: unknown): AccessView | undefined {
  return value && typeof value === 'object' ? (value as { [ACCESS]?: AccessView })[ACCESS] : undefined;
}
