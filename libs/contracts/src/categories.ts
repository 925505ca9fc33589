/** Data categories of the entitlement matrix. `DIR` is the directory (users, roles, agencies, clinics). */
export const DATA_CATEGORIES = [
  'D1',
  'D2',
  'D3',
  'D4',
  'D5',
  'D6',
  'D7',
  'D8',
  'D9',
  'D10',
  'D11',
  'D12',
  'D13',
  'D14',
  'D15',
  'D16',
  'D17',
  'D18',
  'D19',
  'D20',
  'D21',
  'D22',
  'D23',
  'DIR',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export const CATEGORY_TITLES: Readonly<Record<DataCategory, string>> = {
  D1: 'Case header',
  D2: 'Subject identity',
  D3: 'Subject address and whereabouts',
  D4: 'Police intelligence and full offending history',
  D5: 'Police shared summary',
  D6: 'Clinical detail',
  D7: 'Formulation summary and risk-management recommendations',
  D8: 'Structured risk judgements',
  D9: 'Probation detail',
  D10: 'Probation shared summary',
  D11: 'Victim identity',
  D12: 'Victim location and contact',
  D13: "Victim's voice and safety-plan summary",
  D14: 'Advocacy record detail',
  D15: 'Orders and served conditions',
  D16: 'Orders: protected detail',
  D17: 'Breaches',
  D18: 'Agreed actions',
  D19: 'Minutes',
  D20: 'Agency contributions',
  D21: 'Documents',
  D22: 'Victim update log',
  D23: 'Audit events',
  DIR: 'Users, roles, agencies, clinics',
};

/** Categories whose every read must state a purpose, written to the audit log. */
export const PURPOSE_REQUIRED: ReadonlySet<DataCategory> = new Set(['D6', 'D12', 'D16']);

/** Categories whose content never goes into a notification or email body. */
export const NEVER_IN_NOTIFICATIONS: ReadonlySet<DataCategory> = new Set([
  'D3',
  'D4',
  'D6',
  'D9',
  'D12',
  'D14',
  'D16',
]);

export function isDataCategory(value: unknown): value is DataCategory {
  return typeof value === 'string' && (DATA_CATEGORIES as readonly string[]).includes(value);
}
