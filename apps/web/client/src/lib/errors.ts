/**
 * The API's coded errors (extensions.code) turned into what a GOV.UK form shows: an error summary
 * with a link to each field, and the message beside the field.
 */
export interface ApiError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface FormError {
  /** The id of the input the summary links to; undefined for a problem with the whole form. */
  field?: string;
  message: string;
}

export type ErrorKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict' | 'unauthenticated' | 'other';

export interface MappedErrors {
  kind: ErrorKind;
  errors: FormError[];
}

const KIND: Record<string, ErrorKind> = {
  BAD_USER_INPUT: 'invalid',
  GRAPHQL_VALIDATION_FAILED: 'invalid',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not-found',
  CONFLICT: 'conflict',
  UNAUTHENTICATED: 'unauthenticated',
};

const GENERIC: Record<ErrorKind, string> = {
  invalid: 'Check the answers you gave',
  forbidden: 'You cannot make this change',
  'not-found': 'This record does not exist or you cannot see it',
  conflict: 'Someone else changed this record while you were working on it',
  unauthenticated: 'Your session has ended. Sign in again.',
  other: 'Sorry, there is a problem with the service. Try again later.',
};

export const codeOf = (e: ApiError): string | undefined =>
  typeof e.extensions?.code === 'string' ? e.extensions.code : undefined;

/** The field an error names: `extensions.field` ("input.dueOn" or "dueOn"), or `extensions.fields[0]`. */
function fieldOf(e: ApiError): string | undefined {
  const ext = e.extensions ?? {};
  const raw =
    typeof ext.field === 'string'
      ? ext.field
      : Array.isArray(ext.fields) && typeof ext.fields[0] === 'string'
        ? (ext.fields[0] as string)
        : undefined;
  if (!raw) return undefined;
  return raw.replace(/^input\./, '');
}

/**
 * Maps API errors onto form fields. `fields` maps an API field name to the id of the form's input
 * (fields the form does not have go to the top of the summary, unlinked).
 */
export function mapApiErrors(errors: readonly ApiError[], fields: Record<string, string> = {}): MappedErrors {
  if (errors.length === 0) return { kind: 'other', errors: [] };
  const kinds = errors.map((e) => KIND[codeOf(e) ?? ''] ?? 'other');
  const kind: ErrorKind =
    (['unauthenticated', 'conflict', 'forbidden', 'not-found', 'invalid'] as const).find((k) =>
      kinds.includes(k),
    ) ?? 'other';
  const out: FormError[] = [];
  for (const [i, e] of errors.entries()) {
    const k = kinds[i]!;
    if (k === 'invalid') {
      const apiField = fieldOf(e);
      const id = apiField ? (fields[apiField] ?? fields[apiField.split('.').pop()!]) : undefined;
      out.push({ field: id, message: plainMessage(e.message, apiField) || GENERIC.invalid });
    } else out.push({ message: GENERIC[k] });
  }
  // One line per message: several FORBIDDEN paths say the same thing.
  const seen = new Set<string>();
  return {
    kind,
    errors: out.filter((e) => !seen.has(`${e.field}|${e.message}`) && seen.add(`${e.field}|${e.message}`)),
  };
}

/** The API's messages are mostly written for people; technical ones become "Check the <field>". */
function plainMessage(message: string, field?: string): string {
  if (/^Variable "\$/.test(message)) return GENERIC.invalid;
  if (/ is invalid \(/.test(message)) {
    const name = (field ?? '').split('.').pop() ?? '';
    const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    return words ? `Check the ${words}` : GENERIC.invalid;
  }
  return message.trim();
}

export const genericMessage = (kind: ErrorKind) => GENERIC[kind];
