import { Extensions } from '@nestjs/graphql';
import type { DataCategory } from '@scp/contracts';
import type { FieldKey } from '@scp/platform-access';

export interface CategoryExtension {
  /** The category (or limited view `Dn:limited`) a reader must hold on the parent object. */
  category: FieldKey | 'DIR';
  /**
   * Reads must state a purpose (D6, D12, D16): `arg` — the field takes a `purpose` argument;
   * `inherit` — the object was reached through a field that took one (it travels on the view).
   */
  purpose?: 'arg' | 'inherit';
}

/** Declares the data category of a field of a sensitive type. Checked by the category guard. */
export const Cat = (category: FieldKey | 'DIR', opts: { purpose?: boolean; inheritPurpose?: boolean } = {}) =>
  Extensions({
    category,
    ...(opts.purpose ? { purpose: 'arg' } : opts.inheritPurpose ? { purpose: 'inherit' } : {}),
  } satisfies CategoryExtension);

/** Declares a field that carries no case content (ids, type names, cursors). */
export const Public = () => Extensions({ public: true });

/**
 * Declares the policy a query or mutation enforces in its service (for the authorisation-surface
 * test: every root field must declare one).
 */
export const Policy = (policy: string) => Extensions({ policy });

export const baseCategory = (key: FieldKey | 'DIR'): DataCategory | 'DIR' =>
  key.endsWith(':limited')
    ? (key.slice(0, -':limited'.length) as DataCategory)
    : (key as DataCategory | 'DIR');
