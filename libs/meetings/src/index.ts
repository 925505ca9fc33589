import './shared/enums.js';

export * from './meetings.module.js';
export * from './shared/tokens.js';
export * from './shared/context.js';
export * from './access/meetings-access.js';
export * from './replica/replica.entities.js';
export * from './replica/participation.replica.js';
export * from './replica/participation.consumer.js';
export * from './meeting/meeting.entities.js';
export * from './meeting/meeting-rules.js';
export * from './meeting/meetings.service.js';
export * from './meeting/meeting-visibility.service.js';
export * from './meeting/meeting-views.js';
export * from './shared/free-text.service.js';
export * from './attendance/attendance.service.js';
export * from './agenda/agenda.service.js';
export * from './minutes/minutes.service.js';
export * from './contributions/contributions.service.js';
export * from './agenda/agenda.entities.js';
export * from './actions/actions.entities.js';
export * from './actions/action-rules.js';
export * from './actions/actions.service.js';
export * from './recommendations/recommendations.entities.js';
export * from './recommendations/recommendations.service.js';

import {
  CaseParticipationEntity,
  CaseReplicaEntity,
  ClinicIsaEntity,
  ClinicReplicaEntity,
} from './replica/replica.entities.js';
import { AttendeeEntity, MeetingEntity } from './meeting/meeting.entities.js';
import {
  AgendaItemEntity,
  ContributionEntity,
  ContributionReminderEntity,
  MinuteAddendumEntity,
} from './agenda/agenda.entities.js';
import {
  RecommendationDissentEntity,
  RecommendationEntity,
} from './recommendations/recommendations.entities.js';
import { ActionDeadlineEventEntity, ActionEntity } from './actions/actions.entities.js';

/** Every TypeORM entity of the meetings schema (the drift test compares them with the migrations). */
export const MEETINGS_ENTITIES = [
  CaseReplicaEntity,
  CaseParticipationEntity,
  ClinicReplicaEntity,
  ClinicIsaEntity,
  MeetingEntity,
  AttendeeEntity,
  AgendaItemEntity,
  ContributionEntity,
  ContributionReminderEntity,
  MinuteAddendumEntity,
  RecommendationEntity,
  RecommendationDissentEntity,
  ActionEntity,
  ActionDeadlineEventEntity,
];
export * from './shared/http-free-text-checker.js';
export * from './shared/http-clinic-directory.js';
export * from './shared/cases-internal.js';
