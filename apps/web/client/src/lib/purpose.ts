import type { PurposeReason } from '../generated/graphql';

/**
 * The reasons a reader may give for purpose-marked data (the API's PurposeReason, worded as in
 * libs/contracts/src/purpose.ts; a component test keeps the two lists equal).
 */
export const PURPOSE_REASON_OPTIONS: { value: PurposeReason; text: string }[] = [
  { value: 'SAFETY_PLANNING', text: 'Safety planning for the victim' },
  { value: 'RISK_ASSESSMENT', text: 'Assessing or reviewing risk' },
  { value: 'CLINIC_MEETING', text: 'Preparing for or acting on a clinic meeting' },
  { value: 'ORDER_ENFORCEMENT', text: 'Serving, enforcing or checking an order' },
  { value: 'SAFEGUARDING', text: 'An immediate safeguarding concern' },
  { value: 'AUDIT_OR_COMPLAINT', text: 'Audit, complaint or data protection review' },
];

/** The API's bar for the free text: at least a sentence (3 words and 15 characters). */
export const isSentence = (text: string) => {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length >= 15 && t.split(' ').length >= 3;
};

export const REASON_MISSING = 'Choose a reason from the list';
export const SENTENCE_MISSING = 'Describe why in at least a sentence (3 words or more)';

/**
 * The problems with a stated purpose, as form errors of the two fields `${id}-reason` and `id`;
 * `empty` is what to say when no text was given at all.
 */
export function purposeErrors(id: string, reason: string, text: string, empty: string) {
  return [
    ...(reason ? [] : [{ field: `${id}-reason`, message: REASON_MISSING }]),
    ...(isSentence(text) ? [] : [{ field: id, message: text.trim() ? SENTENCE_MISSING : empty }]),
  ];
}

/** The words of a reason, as the list shows them. */
export const reasonText = (reason: string) =>
  PURPOSE_REASON_OPTIONS.find((o) => o.value === reason)?.text ?? reason;
