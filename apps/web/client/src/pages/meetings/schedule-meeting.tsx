import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../generated';
import {
  BackLink,
  Button,
  DateInput,
  ErrorSummary,
  errorFor,
  Radios,
  Select,
  TextInput,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { datePartsToIso, londonDateTimeToIso, type DateParts } from '../../lib/dates';
import type { FormError } from '../../lib/errors';
import { useMe } from '../../lib/me';
import { useApiForm } from '../../lib/use-api-form';

const SCHEDULE = graphql(`
  mutation ScheduleMeeting($input: ScheduleMeetingInput!) {
    scheduleMeeting(input: $input) {
      id
    }
  }
`);

export function ScheduleMeetingPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [schedule] = useMutation(SCHEDULE, { refetchQueries: ['Meetings'] });
  const form = useApiForm({
    title: 'title',
    startsAt: 'date',
    endsAt: 'end',
    place: 'place',
    virtualLink: 'link',
  });
  const [clinicId, setClinicId] = useState(me.clinics[0]?.id ?? '');
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState('SCHEDULED');
  const [date, setDate] = useState<DateParts>({ day: '', month: '', year: '' });
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [place, setPlace] = useState('');
  const [link, setLink] = useState('');

  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local: FormError[] = [];
    if (!title.trim()) local.push({ field: 'title', message: 'Enter a title for the meeting' });
    const d = datePartsToIso(date, 'the date of the meeting');
    if (d.error) local.push({ field: 'date', message: d.error });
    const s = d.value ? londonDateTimeToIso(d.value, start, 'the start time') : {};
    const f = d.value ? londonDateTimeToIso(d.value, end, 'the end time') : {};
    if (d.value && s.error) local.push({ field: 'start', message: s.error });
    if (d.value && f.error) local.push({ field: 'end', message: f.error });
    if (s.value && f.value && f.value <= s.value)
      local.push({ field: 'end', message: 'The end time must be after the start time' });
    if (!place.trim() && !link.trim())
      local.push({ field: 'place', message: 'Enter a place or a link to join online' });
    let id: string | undefined;
    const ok = await form.submit(local, async () => {
      const r = await schedule({
        variables: {
          input: {
            clinicId,
            kind: kind as 'SCHEDULED' | 'EXTRAORDINARY',
            title: title.trim(),
            startsAt: s.value!,
            endsAt: f.value!,
            place: place.trim() || undefined,
            virtualLink: link.trim() || undefined,
          },
        },
      });
      id = r.data?.scheduleMeeting.id;
    });
    if (ok && id) navigate(`/meetings/${id}`, { state: { flash: 'Meeting scheduled' } });
  };

  return (
    <>
      <BackLink to="/meetings">Back to the clinic calendar</BackLink>
      <Page title="Schedule a meeting" error={form.errors.length > 0}>
        <ErrorSummary errors={form.errors} />
        <form onSubmit={onSubmit} noValidate>
          {me.clinics.length > 1 && (
            <Select
              id="clinic"
              label="Clinic"
              value={clinicId}
              onChange={setClinicId}
              options={me.clinics.map((c) => ({ value: c.id, text: c.name }))}
            />
          )}
          <TextInput
            id="title"
            label="Title"
            hint="Every invitee sees it, in the invitation too: no names, case details or places"
            value={title}
            onChange={setTitle}
            error={errorFor(form.errors, 'title')}
          />
          <Radios
            id="kind"
            label="Type of meeting"
            value={kind}
            onChange={setKind}
            options={[
              { value: 'SCHEDULED', text: 'Scheduled clinic' },
              { value: 'EXTRAORDINARY', text: 'Extraordinary meeting', hint: 'For an urgent case' },
            ]}
          />
          <DateInput
            id="date"
            label="Date"
            hint="For example, 24 11 2026"
            value={date}
            onChange={setDate}
            error={errorFor(form.errors, 'date')}
          />
          <TextInput
            id="start"
            label="Start time"
            hint="UK time, for example 10:00 or 2pm"
            width="5"
            value={start}
            onChange={setStart}
            error={errorFor(form.errors, 'start')}
          />
          <TextInput
            id="end"
            label="End time"
            hint="UK time"
            width="5"
            value={end}
            onChange={setEnd}
            error={errorFor(form.errors, 'end')}
          />
          <TextInput
            id="place"
            label="Place"
            hint="Leave empty if the meeting is online only"
            value={place}
            onChange={setPlace}
            error={errorFor(form.errors, 'place')}
          />
          <TextInput
            id="link"
            label="Link to join online (optional)"
            type="url"
            value={link}
            onChange={setLink}
            error={errorFor(form.errors, 'link')}
          />
          <Button disabled={form.busy}>Schedule the meeting</Button>
        </form>
      </Page>
    </>
  );
}
