/**
 * The data categories of the entitlement matrix with their titles (libs/contracts/src/categories.ts;
 * a component test keeps the two lists equal). The audit log's filter and its rows name them.
 */
export const CATEGORY_OPTIONS: { value: string; text: string }[] = [
  { value: 'D1', text: 'Case header' },
  { value: 'D2', text: 'Subject identity' },
  { value: 'D3', text: 'Subject address and whereabouts' },
  { value: 'D4', text: 'Police intelligence and full offending history' },
  { value: 'D5', text: 'Police shared summary' },
  { value: 'D6', text: 'Clinical detail' },
  { value: 'D7', text: 'Formulation summary and risk-management recommendations' },
  { value: 'D8', text: 'Structured risk judgements' },
  { value: 'D9', text: 'Probation detail' },
  { value: 'D10', text: 'Probation shared summary' },
  { value: 'D11', text: 'Victim identity' },
  { value: 'D12', text: 'Victim location and contact' },
  { value: 'D13', text: "Victim's voice and safety-plan summary" },
  { value: 'D14', text: 'Advocacy record detail' },
  { value: 'D15', text: 'Orders and served conditions' },
  { value: 'D16', text: 'Orders: protected detail' },
  { value: 'D17', text: 'Breaches' },
  { value: 'D18', text: 'Agreed actions' },
  { value: 'D19', text: 'Minutes' },
  { value: 'D20', text: 'Agency contributions' },
  { value: 'D21', text: 'Documents' },
  { value: 'D22', text: 'Victim update log' },
  { value: 'D23', text: 'Audit events' },
  { value: 'DIR', text: 'Users, roles, agencies, clinics' },
];

/** "D12 Victim location and contact", or the code itself when it is not a category (DIR). */
export const categoryText = (code: string) => {
  const base = code.split(':')[0]!;
  const title = CATEGORY_OPTIONS.find((o) => o.value === base)?.text;
  return title ? `${code} ${title}` : code;
};

/** What the audit log records, in the words the DPO reads. */
export const AUDIT_ACTION_OPTIONS: { value: string; text: string }[] = [
  { value: 'VIEW', text: 'Read' },
  { value: 'SEARCH', text: 'Searched' },
  { value: 'CREATE', text: 'Created' },
  { value: 'UPDATE', text: 'Changed' },
  { value: 'DELETE', text: 'Deleted' },
  { value: 'EXPORT', text: 'Downloaded or exported' },
  { value: 'DISCLOSURE', text: 'Disclosed' },
  { value: 'LOGIN', text: 'Signed in or out' },
  { value: 'ACCESS_DENIED', text: 'Refused' },
  { value: 'BREAK_GLASS', text: 'Break-glass' },
  { value: 'ROLE_CHANGE', text: 'Roles changed' },
];

export const actionText = (code: string | null | undefined) =>
  AUDIT_ACTION_OPTIONS.find((o) => o.value === code)?.text ?? code ?? '';
