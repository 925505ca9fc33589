import { badInput } from '@scp/platform-graphql';
import type { FreeTextWrite } from '@scp/meetings';
import { CLINIC, startMeetingsHarness, type MeetingsHarness } from './testing/meetings-harness.js';

/**
 * Free text other agencies read goes through the cases service's free-text rule before it is
 * stored, with every case it can reach (docs/free-text.md). The checker here answers like the
 * cases service would for a text holding "ZZ9 9ZZ"; the rule itself is tested there
 * (apps/cases/src/free-text-endpoint.spec.ts) and end to end.
 */
describe('free text in meeting titles, agenda items, actions, minutes and contributions', () => {
  let h: MeetingsHarness;
  const checked: FreeTextWrite[] = [];
  beforeAll(async () => {
    h = await startMeetingsHarness({
      now: new Date('2027-03-01T10:00:00Z'),
      freeText: {
        assertClean: async (write) => {
          checked.push(write);
          if (write.text?.includes('ZZ9 9ZZ'))
            throw badInput(`${write.field} is shared with other agencies`, write.field);
        },
      },
    });
  });
  afterAll(async () => h?.close());

  const schedule = (title: string) =>
    h.gql<{ scheduleMeeting: { id: string } }>(
      'chair',
      `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }`,
      {
        i: {
          clinicId: CLINIC,
          kind: 'SCHEDULED',
          title,
          startsAt: '2027-03-09T10:00:00Z',
          endsAt: '2027-03-09T12:00:00Z',
          place: 'Room 2',
        },
      },
    );
  const addItem = (meetingId: string, caseId: string | null, title: string) =>
    h.gql<{ addAgendaItem: { id: string } }>(
      'chair',
      `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { id } }`,
      {
        i: caseId
          ? { meetingId, kind: 'REVIEW', caseId, durationMinutes: 20, title }
          : { meetingId, kind: 'AOB', durationMinutes: 10, title },
      },
    );

  it("a meeting's title reaches the clinic's open cases; its place is checked as a venue", async () => {
    checked.length = 0;
    const refused = await schedule('Visit the victim at ZZ9 9ZZ');
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    expect(refused.text).not.toContain('ZZ9');
    expect(checked[0]).toMatchObject({ field: 'title', caseIds: [], clinicId: CLINIC, kind: 'prose' });
    expect((await schedule('Clinic, March')).body.errors).toBeUndefined();
    expect(checked.map((c) => [c.field, c.kind])).toEqual([
      ['title', 'prose'],
      ['title', 'prose'],
      ['place', 'venue'],
    ]);
  });

  it("an agenda item's title reaches its case (another item's, the whole meeting); refused titles are not stored", async () => {
    const caseId = await h.givenCase(['police', 'probation']);
    const meetingId = (await schedule('Clinic')).body.data!.scheduleMeeting.id;
    checked.length = 0;
    const refused = await addItem(meetingId, caseId, 'Visit the victim at ZZ9 9ZZ');
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    expect(checked[0]).toMatchObject({ field: 'title', caseIds: [caseId] });
    expect((await addItem(meetingId, caseId, 'Review')).body.errors).toBeUndefined();
    expect((await addItem(meetingId, null, 'Any other business')).body.errors).toBeUndefined();
    expect(checked[2]).toMatchObject({ field: 'title', caseIds: [caseId], clinicId: CLINIC });
    const agenda = await h.gql<{ meeting: { agenda: { title?: string }[] } }>(
      'chair',
      `query($id: ID!) { meeting(id: $id) { agenda { ... on AgendaItem { title } } } }`,
      { id: meetingId },
    );
    expect(JSON.stringify(agenda.body)).not.toContain('ZZ9');
  });

  it("an action's title reaches its case", async () => {
    const caseId = await h.givenCase(['police', 'probation']);
    checked.length = 0;
    const create = (title: string) =>
      h.gql('chair', `mutation($i: CreateActionInput!) { createAction(input: $i) { id } }`, {
        i: {
          caseId,
          title,
          ownerAgencyId: h.agencyOf('probation'),
          dueOn: '2027-04-01',
          priority: 'MEDIUM',
        },
      });
    const refused = await create('Visit the victim at ZZ9 9ZZ');
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    expect(checked[0]).toMatchObject({ field: 'title', caseIds: [caseId] });
    expect((await create('Review licence conditions')).body.errors).toBeUndefined();
  });

  it('a contribution is checked as its writer, naming the field only', async () => {
    const caseId = await h.givenCase(['police', 'health']);
    const meetingId = (await schedule('Clinic')).body.data!.scheduleMeeting.id;
    const item = await h.gql<{ addAgendaItem: { id: string } }>(
      'coord',
      `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { id } }`,
      { i: { meetingId, kind: 'REVIEW', caseId, durationMinutes: 20 } },
    );
    checked.length = 0;
    const submit = (text: string) =>
      h.gql('mh', `mutation($i: SubmitContributionInput!) { submitContribution(input: $i) { id } }`, {
        i: { agendaItemId: item.body.data!.addAgendaItem.id, text },
      });
    const refused = await submit('Seen at ZZ9 9ZZ last week');
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(refused.text).not.toContain('ZZ9');
    expect((await submit('Seen near the town centre')).body.errors).toBeUndefined();
    expect(checked.map((c) => [c.field, c.caseIds])).toEqual([
      ['text', [caseId]],
      ['text', [caseId]],
    ]);
    expect(new Set(checked.map((c) => c.userId)).size).toBe(1);
  });
});
