import { registerEnumType } from '@nestjs/graphql';
import { PURPOSE_REASONS, PURPOSE_REASON_CODES, statePurpose, type PurposeReason } from '@scp/contracts';
import { badInput } from './errors.js';

export const PurposeReasonEnum = Object.fromEntries(PURPOSE_REASON_CODES.map((c) => [c, c])) as {
  [K in PurposeReason]: K;
};
registerEnumType(PurposeReasonEnum, {
  name: 'PurposeReason',
  description: 'Why you need purpose-marked data; state it in a sentence too (written to the audit log)',
  valuesMap: Object.fromEntries(PURPOSE_REASON_CODES.map((c) => [c, { description: PURPOSE_REASONS[c] }])),
});

/** The audited purpose of a reason and its free text, or BAD_USER_INPUT saying what is missing. */
export function requirePurpose(reason: unknown, text: unknown): string {
  const stated = statePurpose(reason, text);
  if ('message' in stated) throw badInput(stated.message, stated.field);
  return stated.purpose;
}

/** For a purpose only some uses need (a search on D12): undefined when neither part is given. */
export function optionalPurpose(reason: unknown, text: unknown): string | undefined {
  if ((reason === undefined || reason === null) && (text === undefined || text === null || text === ''))
    return undefined;
  return requirePurpose(reason, text);
}
