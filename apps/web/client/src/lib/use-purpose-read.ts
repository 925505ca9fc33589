import { useState } from 'react';
import type { DocumentNode } from 'graphql';
import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { useLazyQuery } from '@apollo/client/react';
import type { FormError } from './errors';
import type { PurposeReason } from '../generated/graphql';
import { purposeErrors } from './purpose';

/** What the reader stated: a reason from the list and a sentence. */
export interface StatedPurpose {
  reason: PurposeReason;
  purpose: string;
}

/**
 * Reading a category that needs a stated purpose (D6, D12, D16): the reader chooses a reason from
 * the list and says why in a sentence, the query sends both (the API writes them to the audit
 * log), and the answer bypasses Apollo's cache, so nothing of it stays in the browser after the
 * page is left. `shown` picks the data out of the answer; null (a field the API refused) is
 * reported with `refused`.
 */
export function usePurposeRead<TData, TVars extends OperationVariables, TShown>(
  query: TypedDocumentNode<TData, TVars> & DocumentNode,
  opts: {
    variables: (stated: StatedPurpose) => TVars;
    shown: (data: TData | undefined) => TShown | null | undefined;
    field: string;
    empty: string;
    refused: string;
  },
) {
  const [load, loaded] = useLazyQuery(query, { fetchPolicy: 'no-cache' });
  const [reason, setReason] = useState('');
  const [purpose, setPurpose] = useState('');
  const [asked, setAsked] = useState<StatedPurpose | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);

  const read = async (why: StatedPurpose) => {
    let visible = false;
    try {
      // The variables type is the query's own; useLazyQuery's tuple type cannot see that here.
      const run = load as unknown as (o: { variables: TVars }) => Promise<{ data?: unknown }>;
      const result = await run({ variables: opts.variables(why) });
      visible = opts.shown(result.data as TData | undefined) != null;
    } catch {
      visible = false;
    }
    setErrors(visible ? [] : [{ message: opts.refused }]);
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const text = purpose.trim().replace(/\s+/g, ' ');
    const problems = purposeErrors(opts.field, reason, text, opts.empty);
    if (problems.length) return setErrors(problems);
    const why = { reason: reason as PurposeReason, purpose: text };
    setAsked(why);
    await read(why);
  };

  const data = asked ? (opts.shown(loaded.data as TData | undefined) ?? null) : null;
  return {
    reason,
    setReason,
    purpose,
    setPurpose,
    /** What the data on screen was opened for. */
    asked,
    errors,
    /** The data, once opened and allowed; null before. */
    data,
    submit,
    /** Reads again for the same reason (after a change). */
    reload: () => (asked ? read(asked) : Promise.resolve()),
  };
}
