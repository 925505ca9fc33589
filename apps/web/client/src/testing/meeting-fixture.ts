// A meeting as the Meeting query answers it, for the meeting pages' specs (synthetic).
import type { MeetingQuery } from '../generated/graphql';

/** The chair's meeting m-1 of clinic cl-1: one review item of case-1 with one recommendation. */
export type Meeting = MeetingQuery['meeting'];
export type AgendaItem = Extract<Meeting['agenda'][number], { __typename: 'AgendaItem' }>;
export type Rec = NonNullable<AgendaItem['recommendations']>[number];

export const REC: Rec = {
  id: 'rec-1',
  category: 'ORDER_APPLICATION',
  text: 'Apply for an SPO (synthetic)',
  rationale: null,
  status: 'PROPOSED',
  version: 1,
  dissents: [],
};
export const ITEM: AgendaItem = {
  __typename: 'AgendaItem',
  id: 'item-1',
  position: 1,
  startsAt: '2026-12-07T10:00:00.000Z',
  durationMinutes: 30,
  restricted: false,
  caseId: 'case-1',
  kind: 'REVIEW',
  title: null,
  deferralReason: null,
  deferralNote: null,
  minutes: null,
  summary: null,
  nextReviewOn: null,
  version: 1,
  case: { id: 'case-1', reference: 'SC-0001' },
  contributionStatus: [
    { agencyId: 'ag-police', submitted: true, missing: false },
    { agencyId: 'ag-probation', submitted: true, missing: false },
  ],
  contributions: [],
  recommendations: [REC],
  actions: [],
  addenda: [],
};
export const meetingWith = (
  status: Meeting['status'],
  recs: Rec[] = [REC],
  extra: Partial<AgendaItem> = {},
): MeetingQuery => ({
  meeting: {
    id: 'm-1',
    clinicId: 'cl-1',
    kind: 'SCHEDULED',
    status,
    title: 'North clinic (synthetic)',
    startsAt: '2026-12-07T10:00:00.000Z',
    endsAt: '2026-12-07T12:00:00.000Z',
    place: 'Room 1',
    virtualLink: null,
    confidentialityStatement: 'Keep it confidential.',
    referralDeadlineOn: '2026-12-03',
    agendaPublicationDueOn: '2026-12-04',
    agendaPublishedAt: '2026-12-04T10:00:00.000Z',
    agendaPublicationLate: false,
    minutesApprovedAt: status === 'MINUTES_APPROVED' ? '2026-12-07T13:00:00.000Z' : null,
    cancelReason: null,
    version: 4,
    attendees: [
      {
        id: 'att-1',
        userId: 'u-police-1',
        agencyId: 'ag-police',
        status: 'INVITED',
        informationSubmitted: false,
        confidentialityAcceptedAt: '2026-12-05T10:00:00.000Z',
      },
    ],
    myAttendance: null,
    executiveSummary: { overview: null },
    agenda: [{ ...ITEM, recommendations: recs, ...extra }],
  },
  agencies: [
    { id: 'ag-police', name: 'Police force A', type: 'POLICE' },
    { id: 'ag-probation', name: 'Probation region A', type: 'PROBATION' },
  ],
});
