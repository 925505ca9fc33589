import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { MeetingQuery } from '../../generated/graphql';
import {
  Button,
  DateInput,
  Details,
  ErrorSummary,
  errorFor,
  Textarea,
  TextInput,
} from '../../components/govuk';
import type { FormError } from '../../lib/errors';
import {
  datePartsToIso,
  isoToDateParts,
  londonDateOf,
  londonDateTimeToIso,
  londonTimeOf,
  type DateParts,
} from '../../lib/dates';
import { useApiForm } from '../../lib/use-api-form';

const CANCEL = graphql(`
  mutation CancelMeeting($input: ChangeMeetingStatusInput!) {
    changeMeetingStatus(input: $input) {
      id
      status
      version
    }
  }
`);
const RESCHEDULE = graphql(`
  mutation RescheduleMeeting($input: RescheduleMeetingInput!) {
    rescheduleMeeting(input: $input) {
      id
      startsAt
      endsAt
      place
      virtualLink
      version
    }
  }
`);

type Meeting = MeetingQuery['meeting'];

/** The chair cancels a meeting that has not started, with a reason every attendee is told of. */
export function CancelMeetingForm({
  meeting: m,
  onDone,
}: {
  meeting: Meeting;
  onDone: (message: string) => unknown;
}) {
  const [cancel] = useMutation(CANCEL);
  const form = useApiForm({ reason: 'cancel-reason' });
  const [reason, setReason] = useState('');
  return (
    <Details className="scp-no-print" summary="Cancel the meeting">
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const ok = await form.submit(
            reason.trim() ? [] : [{ field: 'cancel-reason', message: 'Enter why the meeting is cancelled' }],
            () =>
              cancel({
                variables: {
                  input: { meetingId: m.id, version: m.version, to: 'CANCELLED', reason: reason.trim() },
                },
              }),
          );
          if (ok) await onDone('Meeting cancelled. The attendees are sent the cancelled invite.');
        }}
      >
        <ErrorSummary errors={form.errors} />
        <Textarea
          id="cancel-reason"
          label="Reason for cancelling"
          hint="Attendees read it. Do not include case details."
          rows={3}
          value={reason}
          onChange={setReason}
          error={errorFor(form.errors, 'cancel-reason')}
        />
        <Button warning disabled={form.busy}>
          Cancel the meeting
        </Button>
      </form>
    </Details>
  );
}

/** A new time or place for a meeting that has not started; the attendees get the updated invite. */
export function RescheduleForm({
  meeting: m,
  onDone,
}: {
  meeting: Meeting;
  onDone: (message: string) => unknown;
}) {
  const [reschedule] = useMutation(RESCHEDULE);
  const form = useApiForm({
    startsAt: 'new-date',
    endsAt: 'new-end',
    place: 'new-place',
    virtualLink: 'new-link',
  });
  const [date, setDate] = useState<DateParts>(isoToDateParts(londonDateOf(m.startsAt)));
  const [start, setStart] = useState(londonTimeOf(m.startsAt));
  const [end, setEnd] = useState(londonTimeOf(m.endsAt));
  const [place, setPlace] = useState(m.place ?? '');
  const [link, setLink] = useState(m.virtualLink ?? '');
  return (
    <Details className="scp-no-print" summary="Change the time or place">
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const local: FormError[] = [];
          const d = datePartsToIso(date, 'the date of the meeting');
          if (d.error) local.push({ field: 'new-date', message: d.error });
          const s = d.value ? londonDateTimeToIso(d.value, start, 'the start time') : {};
          const f = d.value ? londonDateTimeToIso(d.value, end, 'the end time') : {};
          if (d.value && s.error) local.push({ field: 'new-start', message: s.error });
          if (d.value && f.error) local.push({ field: 'new-end', message: f.error });
          if (s.value && f.value && f.value <= s.value)
            local.push({ field: 'new-end', message: 'The end time must be after the start time' });
          if (!place.trim() && !link.trim())
            local.push({ field: 'new-place', message: 'Enter a place or a link to join online' });
          const ok = await form.submit(local, () =>
            reschedule({
              variables: {
                input: {
                  meetingId: m.id,
                  version: m.version,
                  startsAt: s.value!,
                  endsAt: f.value!,
                  place: place.trim() || undefined,
                  virtualLink: link.trim() || undefined,
                },
              },
            }),
          );
          if (ok) await onDone('Meeting rescheduled. The attendees are sent the updated invite.');
        }}
      >
        <ErrorSummary errors={form.errors} />
        <DateInput
          id="new-date"
          label="Date"
          value={date}
          onChange={setDate}
          error={errorFor(form.errors, 'new-date')}
        />
        <TextInput
          id="new-start"
          label="Start time"
          hint="UK time, for example 10:00 or 2pm"
          width="5"
          value={start}
          onChange={setStart}
          error={errorFor(form.errors, 'new-start')}
        />
        <TextInput
          id="new-end"
          label="End time"
          width="5"
          value={end}
          onChange={setEnd}
          error={errorFor(form.errors, 'new-end')}
        />
        <TextInput
          id="new-place"
          label="Place"
          value={place}
          onChange={setPlace}
          error={errorFor(form.errors, 'new-place')}
        />
        <TextInput
          id="new-link"
          label="Link to join online (optional)"
          type="url"
          value={link}
          onChange={setLink}
          error={errorFor(form.errors, 'new-link')}
        />
        <Button secondary disabled={form.busy}>
          Save the new time and place
        </Button>
      </form>
    </Details>
  );
}
