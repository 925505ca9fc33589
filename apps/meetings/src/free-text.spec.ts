import { badInput } from '@scp/platform-graphql';
import { CLINIC, startMeetingsHarness, type MeetingsHarness } from './testing/meetings-harness.js';

/** Free text other agencies read is checked against the case's victim location values (the cases service's check). */
describe('free text in minutes, contributions and recommendations', () => {
  let h: MeetingsHarness;
  const checked: string[] = [];
  beforeAll(async () => {
    h = await startMeetingsHarness({
      now: new Date('2027-03-01T10:00:00Z'),
      freeText: {
        assertClean: async (_caseId, text, field) => {
          checked.push(field);
          if (text?.includes('ZZ9 9ZZ'))
            throw badInput(`${field} must not contain the victim's location`, field);
        },
      },
    });
  });
  afterAll(async () => h?.close());

  it('refuses a contribution that carries a victim location value, naming the field only', async () => {
    const caseId = await h.givenCase(['police', 'health']);
    const m = await h.gql<{ scheduleMeeting: { id: string } }>(
      'chair',
      `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }`,
      {
        i: {
          clinicId: CLINIC,
          kind: 'SCHEDULED',
          title: 'Clinic',
          startsAt: '2027-03-09T10:00:00Z',
          endsAt: '2027-03-09T12:00:00Z',
          place: 'Room 2',
        },
      },
    );
    const item = await h.gql<{ addAgendaItem: { id: string } }>(
      'coord',
      `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { id } }`,
      { i: { meetingId: m.body.data!.scheduleMeeting.id, kind: 'REVIEW', caseId, durationMinutes: 20 } },
    );
    const submit = (text: string) =>
      h.gql('mh', `mutation($i: SubmitContributionInput!) { submitContribution(input: $i) { id } }`, {
        i: { agendaItemId: item.body.data!.addAgendaItem.id, text },
      });
    const refused = await submit('Seen at ZZ9 9ZZ last week');
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(refused.text).not.toContain('ZZ9');
    expect((await submit('Seen near the town centre')).body.errors).toBeUndefined();
    expect(checked).toEqual(['text', 'text']);
  });
});
