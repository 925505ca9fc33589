import ICAL from 'ical.js';
import { renderInvite, type MeetingInvite } from './invite.js';

/** The .ics output, parsed back by an independent parser (ical.js, Mozilla's). */
const base: MeetingInvite = {
  uid: '6f1d3a52-6a57-4c1e-9a35-1d1fbd1a0c11',
  sequence: 0,
  title: 'North Vale clinic, 30 March',
  startsAt: new Date('2027-03-30T09:00:00Z'),
  endsAt: new Date('2027-03-30T12:00:00Z'),
  place: 'Room 1, Vale House',
  virtualLink: null,
  cancelled: false,
  url: 'https://clinic.example.invalid/meetings/6f1d3a52',
  organizer: { name: 'North Vale clinic', email: 'clinic@example.invalid' },
  attendee: { name: 'Demo Advocate', email: 'advocate.nva@example.invalid' },
  stamp: new Date('2027-03-01T08:00:00Z'),
};

const parse = (text: string) => {
  const vcalendar = new ICAL.Component(ICAL.parse(text));
  const vevents = vcalendar.getAllSubcomponents('vevent');
  expect(vevents).toHaveLength(1);
  return { vcalendar, vevent: vevents[0]!, event: new ICAL.Event(vevents[0]!) };
};

describe('meeting invites (.ics)', () => {
  it('a request carries the header, the organiser and the one attendee, and parses back', () => {
    const { vcalendar, vevent, event } = parse(renderInvite(base));
    expect(vcalendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(vcalendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(event.uid).toBe(base.uid);
    expect(event.sequence).toBe(0);
    expect(event.summary).toBe(base.title);
    expect(event.location).toBe(base.place);
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-30T09:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2027-03-30T12:00:00.000Z');
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(String(vevent.getFirstPropertyValue('organizer')).toLowerCase()).toBe(
      'mailto:clinic@example.invalid',
    );
    const attendees = vevent.getAllProperties('attendee');
    expect(attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toEqual([
      'mailto:advocate.nva@example.invalid',
    ]);
    expect(attendees[0]!.getParameter('rsvp')).toBe('TRUE');
    expect(event.description).toContain(base.url);
  });

  it('a change raises the sequence; a cancellation is METHOD:CANCEL with STATUS:CANCELLED and the same UID', () => {
    const moved = parse(
      renderInvite({
        ...base,
        sequence: 1,
        startsAt: new Date('2027-03-31T09:00:00Z'),
        endsAt: new Date('2027-03-31T11:00:00Z'),
      }),
    );
    expect(moved.event.uid).toBe(base.uid);
    expect(moved.event.sequence).toBe(1);
    expect(moved.event.startDate.toJSDate().toISOString()).toBe('2027-03-31T09:00:00.000Z');
    const cancelled = parse(renderInvite({ ...base, sequence: 2, cancelled: true }));
    expect(cancelled.vcalendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancelled.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.event.uid).toBe(base.uid);
    expect(cancelled.event.sequence).toBe(2);
  });

  it('a virtual meeting carries its link; text with commas, semicolons and newlines survives escaping', () => {
    const title = 'Clinic; extraordinary, urgent\nreview';
    const { event } = parse(
      renderInvite({ ...base, title, place: null, virtualLink: 'https://meet.example.invalid/x?a=1;b=2' }),
    );
    expect(event.summary).toBe(title);
    expect(event.location).toBe('https://meet.example.invalid/x?a=1;b=2');
    expect(event.description).toContain('Join online: https://meet.example.invalid/x?a=1;b=2');
  });
});
