import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../generated';
import {
  Button,
  DateInput,
  ErrorSummary,
  errorFor,
  NotificationBanner,
  Radios,
  Select,
  Textarea,
  TextInput,
  Details,
} from '../../components/govuk';
import { datePartsToIso, isoToDateParts, type DateParts } from '../../lib/dates';
import { label } from '../../lib/labels';
import { useApiForm } from '../../lib/use-api-form';
import { itemTitle, type Item } from './meeting';
import type { Agencies } from './recommendation';

const DRAFT_MINUTES = graphql(`
  mutation DraftMinutes($input: DraftMinutesInput!) {
    draftMinutes(input: $input) {
      id
    }
  }
`);
const CREATE_ACTION = graphql(`
  mutation CreateAction($input: CreateActionInput!) {
    createAction(input: $input) {
      id
    }
  }
`);
const ADDENDUM = graphql(`
  mutation AddMinuteAddendum($input: AddAddendumInput!) {
    addMinuteAddendum(input: $input) {
      id
    }
  }
`);

export function ActionForm({
  item,
  meetingId,
  agencies,
  onDone,
}: {
  item: Item;
  meetingId: string;
  agencies: Agencies;
  onDone: () => unknown;
}) {
  const [create] = useMutation(CREATE_ACTION);
  const p = `action-${item.id}`;
  const form = useApiForm({ title: `${p}-title`, dueOn: `${p}-due`, ownerAgencyId: `${p}-owner` });
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState<DateParts>({ day: '', month: '', year: '' });
  const [priority, setPriority] = useState('MEDIUM');
  const [recommendationId, setRecommendationId] = useState('');
  const agreed = (item.recommendations ?? []).filter((r) => r.status === 'AGREED');
  return (
    <Details summary={<>Record an action for {itemTitle(item)}</>}>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const local = [];
          if (!title.trim()) local.push({ field: `${p}-title`, message: 'Enter what the action is' });
          if (!owner) local.push({ field: `${p}-owner`, message: 'Select the agency that owns the action' });
          const d = datePartsToIso(due, 'the due date');
          if (d.error) local.push({ field: `${p}-due`, message: d.error });
          const ok = await form.submit(local, () =>
            create({
              variables: {
                input: {
                  caseId: item.caseId!,
                  meetingId,
                  recommendationId: recommendationId || undefined,
                  title: title.trim(),
                  ownerAgencyId: owner,
                  dueOn: d.value!,
                  priority: priority as 'MEDIUM',
                },
              },
            }),
          );
          if (ok) {
            setTitle('');
            setDue({ day: '', month: '', year: '' });
            await onDone();
          }
        }}
      >
        <ErrorSummary errors={form.errors} />
        <TextInput
          id={`${p}-title`}
          label="Action"
          value={title}
          onChange={setTitle}
          error={errorFor(form.errors, `${p}-title`)}
        />
        <Select
          id={`${p}-owner`}
          label="Owner agency"
          value={owner}
          onChange={setOwner}
          error={errorFor(form.errors, `${p}-owner`)}
          options={[
            { value: '', text: 'Choose an agency' },
            ...agencies.map((a) => ({ value: a.id, text: a.name })),
          ]}
        />
        <DateInput
          id={`${p}-due`}
          label="Due date"
          hint="For example, 20 1 2027"
          value={due}
          onChange={setDue}
          error={errorFor(form.errors, `${p}-due`)}
        />
        <Radios
          id={`${p}-priority`}
          label="Priority"
          inline
          value={priority}
          onChange={setPriority}
          options={['HIGH', 'MEDIUM', 'LOW'].map((x) => ({ value: x, text: label(x) }))}
        />
        {agreed.length > 0 && (
          <Select
            id={`${p}-rec`}
            label="From recommendation (optional)"
            value={recommendationId}
            onChange={setRecommendationId}
            options={[
              { value: '', text: 'None' },
              ...agreed.map((r) => ({ value: r.id, text: r.text ?? '' })),
            ]}
          />
        )}
        <Button secondary>Record the action</Button>
      </form>
    </Details>
  );
}

export function MinutesForm({ item, onDone }: { item: Item; onDone: () => unknown }) {
  const [draft] = useMutation(DRAFT_MINUTES);
  const p = `minutes-${item.id}`;
  const form = useApiForm({ minutes: `${p}-text`, summary: `${p}-summary`, nextReviewOn: `${p}-review` });
  const [minutes, setMinutes] = useState(item.minutes ?? '');
  const [summary, setSummary] = useState(item.summary ?? '');
  const [review, setReview] = useState<DateParts>(isoToDateParts(item.nextReviewOn));
  const [saved, setSaved] = useState(false);
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const local = [];
        const empty = !review.day && !review.month && !review.year;
        const d = empty ? {} : datePartsToIso(review, 'the next review date');
        if (d.error) local.push({ field: `${p}-review`, message: d.error });
        const ok = await form.submit(local, () =>
          draft({
            variables: {
              input: {
                agendaItemId: item.id,
                version: item.version ?? 0,
                minutes: minutes.trim() || undefined,
                summary: summary.trim() || undefined,
                nextReviewOn: d.value,
              },
            },
          }),
        );
        setSaved(ok);
        await onDone();
      }}
    >
      {form.kind === 'conflict' && (
        <NotificationBanner heading="Someone else saved these minutes while you were writing. The newer version is shown on this page; copy your changes into it and save again." />
      )}
      <ErrorSummary errors={form.errors} />
      {saved && (
        <p className="govuk-body" role="status">
          Notes saved.
        </p>
      )}
      <Textarea
        id={`${p}-text`}
        label={`Notes for ${itemTitle(item)}`}
        value={minutes}
        onChange={setMinutes}
        error={errorFor(form.errors, `${p}-text`)}
      />
      <TextInput
        id={`${p}-summary`}
        label="Summary for the executive summary (optional)"
        value={summary}
        onChange={setSummary}
        error={errorFor(form.errors, `${p}-summary`)}
      />
      <DateInput
        id={`${p}-review`}
        label="Next review date (optional)"
        value={review}
        onChange={setReview}
        error={errorFor(form.errors, `${p}-review`)}
      />
      <Button secondary disabled={form.busy}>
        Save the notes
      </Button>
    </form>
  );
}

/** A correction to approved minutes: an addendum with its reason (chair or coordinator). */
export function AddendumForm({ item, onDone }: { item: Item; onDone: () => unknown }) {
  const [add] = useMutation(ADDENDUM);
  const p = `addendum-${item.id}`;
  const form = useApiForm({ reason: `${p}-reason`, text: `${p}-text` });
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const [saved, setSaved] = useState(false);
  return (
    <Details summary={<>Add an addendum to the minutes of {itemTitle(item)}</>}>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const local = [];
          if (!reason.trim())
            local.push({ field: `${p}-reason`, message: 'Enter why the minutes need an addendum' });
          if (!text.trim()) local.push({ field: `${p}-text`, message: 'Enter the addendum' });
          const ok = await form.submit(local, () =>
            add({
              variables: { input: { agendaItemId: item.id, reason: reason.trim(), text: text.trim() } },
            }),
          );
          setSaved(ok);
          if (ok) {
            setReason('');
            setText('');
            await onDone();
          }
        }}
      >
        <ErrorSummary errors={form.errors} />
        {saved && (
          <p className="govuk-body" role="status">
            Addendum added.
          </p>
        )}
        <TextInput
          id={`${p}-reason`}
          label="Reason for the addendum"
          value={reason}
          onChange={setReason}
          error={errorFor(form.errors, `${p}-reason`)}
        />
        <Textarea
          id={`${p}-text`}
          label="Addendum"
          value={text}
          onChange={setText}
          error={errorFor(form.errors, `${p}-text`)}
        />
        <Button secondary disabled={form.busy}>
          Add the addendum
        </Button>
      </form>
    </Details>
  );
}
