/**
 * Why someone reads purpose-marked data (D6, D12, D16), opens a document of those categories or
 * breaks glass: a reason from this short list plus at least a sentence of free text. The audit
 * log records both (entitlements.md, "Audit").
 */
export const PURPOSE_REASONS = {
  SAFETY_PLANNING: 'Safety planning for the victim',
  RISK_ASSESSMENT: 'Assessing or reviewing risk',
  CLINIC_MEETING: 'Preparing for or acting on a clinic meeting',
  ORDER_ENFORCEMENT: 'Serving, enforcing or checking an order',
  SAFEGUARDING: 'An immediate safeguarding concern',
  AUDIT_OR_COMPLAINT: 'Audit, complaint or data protection review',
} as const;
export type PurposeReason = keyof typeof PURPOSE_REASONS;
export const PURPOSE_REASON_CODES = Object.keys(PURPOSE_REASONS) as PurposeReason[];

/** "At least a sentence": this many words and characters of free text, at the least. */
export const PURPOSE_MIN_WORDS = 3;
export const PURPOSE_MIN_LENGTH = 15;
export const PURPOSE_MAX_LENGTH = 500;

export const isPurposeReason = (value: unknown): value is PurposeReason =>
  typeof value === 'string' && Object.hasOwn(PURPOSE_REASONS, value);

/**
 * The purpose as the audit log records it ("Safety planning for the victim: Visit to agree the
 * new plan"), or the problem with it: which field, and what is missing, in words.
 */
export function statePurpose(
  reason: unknown,
  text: unknown,
): { purpose: string } | { field: 'reason' | 'purpose'; message: string } {
  if (!isPurposeReason(reason))
    return {
      field: 'reason',
      message: `Choose a reason from the list: ${PURPOSE_REASON_CODES.join(', ')}`,
    };
  const detail = typeof text === 'string' ? text.trim().replace(/\s+/g, ' ') : '';
  if (detail.length > PURPOSE_MAX_LENGTH)
    return { field: 'purpose', message: `Purpose must be at most ${PURPOSE_MAX_LENGTH} characters` };
  if (detail.length < PURPOSE_MIN_LENGTH || detail.split(' ').length < PURPOSE_MIN_WORDS)
    return {
      field: 'purpose',
      message: `Describe the purpose in at least a sentence (${PURPOSE_MIN_WORDS} words and ${PURPOSE_MIN_LENGTH} characters), as well as choosing a reason`,
    };
  return { purpose: `${PURPOSE_REASONS[reason]}: ${detail}` };
}
