import { useRef, useState } from 'react';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { mapApiErrors, type ErrorKind, type FormError } from './errors';

/**
 * One form's state of errors: local checks first (GOV.UK messages), then the API's coded errors
 * mapped to fields. `submit` runs the mutation and returns true when it succeeded.
 */
export function useApiForm(fields: Record<string, string> = {}) {
  const [errors, setErrors] = useState<FormError[]>([]);
  const [kind, setKind] = useState<ErrorKind | undefined>();
  const [busy, setBusy] = useState(false);
  // `kind` is state: a handler that awaited `submit` still sees the value of its own render.
  // `lastKind()` reads the outcome of the latest submit.
  const last = useRef<ErrorKind | undefined>(undefined);
  const record = (k: ErrorKind | undefined) => {
    last.current = k;
    setKind(k);
  };

  async function submit(local: FormError[], run: () => Promise<unknown>): Promise<boolean> {
    if (local.length) {
      setErrors(local);
      record('invalid');
      return false;
    }
    setBusy(true);
    try {
      await run();
      setErrors([]);
      record(undefined);
      return true;
    } catch (err) {
      const list = CombinedGraphQLErrors.is(err) ? err.errors : [];
      const mapped = list.length
        ? mapApiErrors(list, fields)
        : {
            kind: 'other' as const,
            errors: [{ message: 'Sorry, there is a problem with the service. Try again later.' }],
          };
      setErrors(mapped.errors);
      record(mapped.kind);
      return false;
    } finally {
      setBusy(false);
    }
  }

  return { errors, kind, busy, submit, setErrors, lastKind: () => last.current };
}
