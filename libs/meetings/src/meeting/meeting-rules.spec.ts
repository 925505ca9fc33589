import * as rules from './meeting-rules.js';
import { meetingDeadlines, meetingTransition } from './meeting-rules.js';

describe('meeting rules', () => {
  it('listing deadlines are working days before the meeting, across bank holidays', () => {
    // Tuesday 5 January 2027 10:00: 1 January (Friday) is a bank holiday.
    const d = meetingDeadlines(new Date('2027-01-05T10:00:00Z'), 2, 1);
    expect(d.referralDeadlineOn).toBe('2026-12-31');
    expect(d.agendaPublicationDueOn).toBe('2027-01-04');
    expect(d.agendaPublicationDueAt.toISOString()).toBe('2027-01-04T23:59:59.999Z');
    // The clinic's own configuration.
    expect(meetingDeadlines(new Date('2027-01-05T10:00:00Z'), 3, 2).referralDeadlineOn).toBe('2026-12-30');
  });

  it('states move forward only, each by its roles', () => {
    expect(meetingTransition('SCHEDULED', 'AGENDA_PUBLISHED')).toEqual(['CHAIR', 'COORDINATOR']);
    expect(meetingTransition('AGENDA_PUBLISHED', 'IN_PROGRESS')).toEqual(['CHAIR']);
    expect(meetingTransition('MINUTES_DRAFT', 'MINUTES_APPROVED')).toEqual(['CHAIR']);
    expect(meetingTransition('MINUTES_APPROVED', 'MINUTES_DRAFT')).toBeNull();
    expect(meetingTransition('IN_PROGRESS', 'CANCELLED')).toBeNull();
    expect(meetingTransition('SCHEDULED', 'IN_PROGRESS')).toBeNull();
  });
});

describe('recurring schedule from the cadence', () => {
  it('weekly, fortnightly and monthly (same ordinal weekday), bank holidays moved to the next working day', () => {
    const { recurringDays } = rules;
    expect(recurringDays('2027-03-23', 'WEEKLY', 3)).toEqual(['2027-03-23', '2027-03-30', '2027-04-06']);
    // Friday 26 March 2027 is Good Friday: that meeting moves to Tuesday 30 March (Easter Monday too).
    expect(recurringDays('2027-03-12', 'FORTNIGHTLY', 2)).toEqual(['2027-03-12', '2027-03-30']);
    expect(recurringDays('2027-01-12', 'MONTHLY', 3)).toEqual(['2027-01-12', '2027-02-09', '2027-03-09']);
  });
});
