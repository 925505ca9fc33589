import { registerEnumType } from '@nestjs/graphql';

export const ESCALATION_TARGETS = ['MAPPA', 'MARAC'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];
export const EscalationTargetEnum = { MAPPA: 'MAPPA', MARAC: 'MARAC' } as const;

export const VICTIM_VIEW_STATUSES = ['RECORDED', 'NOT_CONTACTABLE', 'NOT_REQUIRED'] as const;
export type VictimViewStatus = (typeof VICTIM_VIEW_STATUSES)[number];
export const VictimViewStatusEnum = {
  RECORDED: 'RECORDED',
  NOT_CONTACTABLE: 'NOT_CONTACTABLE',
  NOT_REQUIRED: 'NOT_REQUIRED',
} as const;

/** Months after closure within which a new report reopens the case as a repeat (domain.md). */
export const REPEAT_WINDOW_MONTHS = 12;

registerEnumType(EscalationTargetEnum, {
  name: 'EscalationTarget',
  description: 'MAPPA (multi-agency public protection arrangements) or MARAC (risk assessment conference)',
});
registerEnumType(VictimViewStatusEnum, {
  name: 'ClosureVictimViewStatus',
  description: "How the victim's view was handled at closure (NOT_REQUIRED: consultation-only cases)",
});
