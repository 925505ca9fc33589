import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import { Button, ErrorSummary, errorFor, Select, TextInput } from '../../components/govuk';
import { label } from '../../lib/labels';
import { useApiForm } from '../../lib/use-api-form';
import { itemTitle, type Item } from './meeting';

const ADD_ITEM = graphql(`
  mutation AddAgendaItem($input: AddAgendaItemInput!) {
    addAgendaItem(input: $input) {
      id
      position
    }
  }
`);
const DEFER_ITEM = graphql(`
  mutation DeferAgendaItem($input: DeferAgendaItemInput!) {
    deferAgendaItem(input: $input) {
      id
      position
    }
  }
`);
const LISTABLE = graphql(`
  query ListableCases($clinicId: ID!) {
    cases(
      filter: { clinicId: $clinicId, status: [AWAITING_LISTING, LISTED, ACTIVE, MONITORING, ESCALATED] }
      first: 50
    ) {
      edges {
        node {
          id
          reference
          status
        }
      }
    }
  }
`);

const INVITE = graphql(`
  mutation InviteAttendee($input: InviteAttendeeInput!) {
    inviteAttendee(input: $input) {
      id
    }
  }
`);
const DIRECTORY = graphql(`
  query InvitableUsers {
    users(first: 100) {
      nodes {
        id
        displayName
        agency {
          id
          name
        }
      }
    }
  }
`);

export function AddItemForm({
  meetingId,
  clinicId,
  onAdded,
}: {
  meetingId: string;
  clinicId: string;
  onAdded: () => unknown;
}) {
  const { data } = useQuery(LISTABLE, { variables: { clinicId } });
  const [add] = useMutation(ADD_ITEM);
  const form = useApiForm({ caseId: 'item-case', durationMinutes: 'item-duration', title: 'item-title' });
  const [caseId, setCaseId] = useState('');
  const [kind, setKind] = useState('REVIEW');
  const [duration, setDuration] = useState('30');
  const [added, setAdded] = useState<string>();
  const options = (data?.cases.edges ?? []).map((e) => ({
    value: e.node.id,
    text: `${e.node.reference} (${label(e.node.status)})`,
  }));
  const onSubmit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    const minutes = Number(duration);
    const local = [];
    if (!caseId && kind !== 'AOB' && kind !== 'OUTSTANDING_ACTIONS')
      local.push({ field: 'item-case', message: 'Select the case to list' });
    if (!Number.isInteger(minutes) || minutes < 5 || minutes > 240)
      local.push({ field: 'item-duration', message: 'Enter a time between 5 and 240 minutes' });
    const ok = await form.submit(local, () =>
      add({
        variables: {
          input: {
            meetingId,
            kind: kind as 'REVIEW',
            caseId: caseId || undefined,
            durationMinutes: minutes,
            title: caseId ? undefined : label(kind),
          },
        },
      }),
    );
    if (ok) {
      setAdded(options.find((o) => o.value === caseId)?.text ?? label(kind));
      setCaseId('');
      await onAdded();
    }
  };
  return (
    <form onSubmit={onSubmit} noValidate className="scp-no-print govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m">Add an item to the agenda</h2>
      {added && (
        <p className="govuk-body" role="status">
          Added {added}.
        </p>
      )}
      <ErrorSummary errors={form.errors} />
      <Select
        id="item-kind"
        label="Type of item"
        value={kind}
        onChange={setKind}
        options={['REVIEW', 'NEW_REFERRAL', 'URGENT', 'OUTSTANDING_ACTIONS', 'AOB'].map((k) => ({
          value: k,
          text: label(k),
        }))}
      />
      <Select
        id="item-case"
        label="Case"
        value={caseId}
        onChange={setCaseId}
        error={errorFor(form.errors, 'item-case')}
        options={[{ value: '', text: 'Choose a case' }, ...options]}
      />
      <TextInput
        id="item-duration"
        label="Time for the item, in minutes"
        width="3"
        inputMode="numeric"
        value={duration}
        onChange={setDuration}
        error={errorFor(form.errors, 'item-duration')}
      />
      <Button secondary disabled={form.busy}>
        Add to the agenda
      </Button>
    </form>
  );
}

export function DeferForm({ items, onDone }: { items: Item[]; onDone: () => unknown }) {
  const [defer] = useMutation(DEFER_ITEM);
  const form = useApiForm({ note: 'defer-note', agendaItemId: 'defer-item' });
  const [itemId, setItemId] = useState('');
  const [reason, setReason] = useState('REFERRER_NOT_BRIEFED');
  const [note, setNote] = useState('');
  const [deferred, setDeferred] = useState<string>();
  if (!items.length && !deferred) return null;
  const onSubmit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    const item = items.find((i) => i.id === itemId);
    const local = item ? [] : [{ field: 'defer-item', message: 'Select the item to defer' }];
    if (reason === 'OTHER' && !note.trim())
      local.push({ field: 'defer-note', message: 'Enter why the item is deferred' });
    const ok = await form.submit(local, () =>
      defer({
        variables: {
          input: {
            agendaItemId: itemId,
            version: item!.version ?? 0,
            reason: reason as 'TIME',
            note: note.trim() || undefined,
          },
        },
      }),
    );
    if (ok) {
      setDeferred(itemTitle(item!));
      setItemId('');
      setNote('');
      await onDone();
    }
  };
  return (
    <form onSubmit={onSubmit} noValidate className="scp-no-print govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m">Defer an item</h2>
      <p className="govuk-hint">
        A deferred item stays on the agenda, takes no time, and its case goes back to awaiting listing.
      </p>
      {deferred && (
        <p className="govuk-body" role="status">
          Deferred {deferred}.
        </p>
      )}
      <ErrorSummary errors={form.errors} />
      <Select
        id="defer-item"
        label="Item"
        value={itemId}
        onChange={setItemId}
        error={errorFor(form.errors, 'defer-item')}
        options={[
          { value: '', text: 'Choose an item' },
          ...items.map((i) => ({ value: i.id, text: itemTitle(i) })),
        ]}
      />
      <Select
        id="defer-reason"
        label="Reason"
        value={reason}
        onChange={setReason}
        options={['REFERRER_NOT_BRIEFED', 'INFO_NOT_RECEIVED', 'TIME', 'OTHER'].map((r) => ({
          value: r,
          text: label(r),
        }))}
      />
      <TextInput
        id="defer-note"
        label="Note (needed for another reason)"
        value={note}
        onChange={setNote}
        error={errorFor(form.errors, 'defer-note')}
      />
      <Button secondary disabled={form.busy}>
        Defer the item
      </Button>
    </form>
  );
}

export function InviteForm({ meetingId, onDone }: { meetingId: string; onDone: () => unknown }) {
  const { data } = useQuery(DIRECTORY);
  const [invite] = useMutation(INVITE);
  const form = useApiForm();
  const [userId, setUserId] = useState('');
  const users = data?.users?.nodes ?? [];
  if (!users.length) return null;
  const onSubmit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    const u = users.find((x) => x.id === userId);
    const ok = await form.submit(
      u ? [] : [{ field: 'invite-user', message: 'Select the person to invite' }],
      () => invite({ variables: { input: { meetingId, userId, agencyId: u!.agency!.id } } }),
    );
    if (ok) {
      setUserId('');
      await onDone();
    }
  };
  return (
    <form onSubmit={onSubmit} noValidate className="scp-no-print govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m">Invite someone</h2>
      <ErrorSummary errors={form.errors} />
      <Select
        id="invite-user"
        label="Person"
        value={userId}
        onChange={setUserId}
        error={errorFor(form.errors, 'invite-user')}
        options={[
          { value: '', text: 'Choose a person' },
          ...users.map((u) => ({
            value: u.id,
            text: `${u.displayName}${u.agency ? ` (${u.agency.name})` : ''}`,
          })),
        ]}
      />
      <Button secondary disabled={form.busy}>
        Invite
      </Button>
    </form>
  );
}
