import { registerEnumType } from '@nestjs/graphql';
import { ATTENDANCE_STATUSES, CADENCES, MEETING_KINDS, MEETING_STATUSES } from '../meeting/meeting-rules.js';
import { ACTION_PRIORITIES, ACTION_STATUSES, NOT_COMPLETED_REASONS } from '../actions/action-rules.js';

const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const AGENDA_ITEM_KINDS = ['NEW_REFERRAL', 'REVIEW', 'URGENT', 'OUTSTANDING_ACTIONS', 'AOB'] as const;
export type AgendaItemKind = (typeof AGENDA_ITEM_KINDS)[number];
export const CASE_ITEM_KINDS: readonly AgendaItemKind[] = ['NEW_REFERRAL', 'REVIEW', 'URGENT'];
export const DEFERRAL_REASONS = ['REFERRER_NOT_BRIEFED', 'INFO_NOT_RECEIVED', 'TIME', 'OTHER'] as const;
export const RECOMMENDATION_CATEGORIES = [
  'ORDER_APPLICATION',
  'CHARGE_ADVICE',
  'BAIL_OR_LICENCE_CONDITIONS',
  'MH_ASSESSMENT',
  'INTERVENTION',
  'VICTIM_SAFETY',
  'MAPPA_MARAC_REFERRAL',
  'OTHER',
] as const;
export const RECOMMENDATION_STATUSES = ['PROPOSED', 'AGREED', 'NOT_AGREED'] as const;
export const ACTION_LIST_VIEWS = ['OPEN', 'OVERDUE', 'DUE_THIS_WEEK', 'ALL'] as const;

export const MeetingStatusEnum = asEnum(MEETING_STATUSES);
export const MeetingKindEnum = asEnum(MEETING_KINDS);
export const CadenceEnum = asEnum(CADENCES);
export const AttendanceStatusEnum = asEnum(ATTENDANCE_STATUSES);
export const AgendaItemKindEnum = asEnum(AGENDA_ITEM_KINDS);
export const DeferralReasonEnum = asEnum(DEFERRAL_REASONS);
export const RecommendationCategoryEnum = asEnum(RECOMMENDATION_CATEGORIES);
export const RecommendationStatusEnum = asEnum(RECOMMENDATION_STATUSES);
export const ActionStatusEnum = asEnum(ACTION_STATUSES);
export const ActionPriorityEnum = asEnum(ACTION_PRIORITIES);
export const NotCompletedReasonEnum = asEnum(NOT_COMPLETED_REASONS);
export const ActionListViewEnum = asEnum(ACTION_LIST_VIEWS);

registerEnumType(MeetingStatusEnum, { name: 'MeetingStatus' });
registerEnumType(MeetingKindEnum, { name: 'MeetingKind' });
registerEnumType(CadenceEnum, { name: 'MeetingCadence' });
registerEnumType(AttendanceStatusEnum, { name: 'AttendanceStatus' });
registerEnumType(AgendaItemKindEnum, { name: 'AgendaItemKind' });
registerEnumType(DeferralReasonEnum, { name: 'DeferralReason' });
registerEnumType(RecommendationCategoryEnum, { name: 'RecommendationCategory' });
registerEnumType(RecommendationStatusEnum, { name: 'RecommendationStatus' });
registerEnumType(ActionStatusEnum, { name: 'AgreedActionStatus' });
registerEnumType(ActionPriorityEnum, { name: 'AgreedActionPriority' });
registerEnumType(NotCompletedReasonEnum, { name: 'NotCompletedReason' });
registerEnumType(ActionListViewEnum, {
  name: 'AgreedActionListView',
  description:
    'OPEN: open or in progress; OVERDUE: open past due; DUE_THIS_WEEK: open, due Monday–Sunday of this week',
});
