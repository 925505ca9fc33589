import { startMeetingsHarness, type MeetingsHarness } from './testing/meetings-harness.js';

/** Dates that do not exist are refused before any SQL, naming the field, never echoing the value. */
describe('meetings: dates that do not exist', () => {
  let h: MeetingsHarness;
  beforeAll(async () => {
    h = await startMeetingsHarness();
  });
  afterAll(async () => h?.close());

  it('a DateTime variable is BAD_USER_INPUT naming it', async () => {
    const res = await h.gql('chair', 'query($from: DateTime) { meetings(from: $from) { id } }', {
      from: '2026-99-99T00:00:00Z',
    });
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        message:
          'Variable "$from" has an invalid value: DateTime must be a real date and time with an offset, such as 2026-01-31T09:00:00Z',
        extensions: { code: 'BAD_USER_INPUT', field: 'from' },
      }),
    ]);
    expect(res.text).not.toContain('2026-99-99');
  });
});
