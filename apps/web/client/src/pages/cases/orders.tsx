import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { OrderDetailFragment, OrderStatus, ProtectedDetailKind } from '../../generated/graphql';
import {
  BackLink,
  Button,
  DateInput,
  ErrorSummary,
  errorFor,
  Loading,
  NotificationBanner,
  Radios,
  Select,
  SummaryCard,
  SummaryList,
  Tag,
  Textarea,
  WarningText,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { datePartsToIso, formatDate, isoToDateParts, type DateParts } from '../../lib/dates';
import type { FormError } from '../../lib/errors';
import { label } from '../../lib/labels';
import { abilities, useMe } from '../../lib/me';
import { useApiForm } from '../../lib/use-api-form';
import { usePurposeRead } from '../../lib/use-purpose-read';
import { PurposeFields } from '../../components/purpose-fields';

/** What the order screens show of an order (every mutation answers with it). */
export const ORDER_DETAIL = graphql(`
  fragment OrderDetail on Order {
    id
    typeCode
    status
    appliedOn
    grantedOn
    servedOn
    fixedEndOn
    untilFurtherOrder
    endedOn
    inForce
    notificationDueBy
    notificationReceivedOn
    notificationMissed
    version
    type {
      code
      name
      requiresNotification
      allowsUntilFurtherOrder
    }
    conditions {
      id
      position
      servedText
    }
  }
`);

const ORDERS_OF_CASE = graphql(`
  query CaseOrdersDetail($id: ID!) {
    case(id: $id) {
      id
      reference
      orders {
        ...OrderDetail
      }
    }
    orderTypes {
      code
      name
      isSpo
      isInterim
      minFixedMonths
      allowsUntilFurtherOrder
      requiresNotification
      notificationDays
    }
  }
`);

const RECORD_ORDER = graphql(`
  mutation RecordOrder($input: RecordOrderInput!) {
    recordOrder(input: $input) {
      ...OrderDetail
    }
  }
`);
const UPDATE_ORDER = graphql(`
  mutation UpdateOrder($input: UpdateOrderInput!) {
    updateOrder(input: $input) {
      ...OrderDetail
    }
  }
`);
const RECORD_NOTIFICATION = graphql(`
  mutation RecordOrderNotification($input: RecordOrderNotificationInput!) {
    recordOrderNotification(input: $input) {
      ...OrderDetail
    }
  }
`);
const ADD_CONDITION = graphql(`
  mutation AddOrderCondition($input: AddOrderConditionInput!) {
    addOrderCondition(input: $input) {
      ...OrderDetail
    }
  }
`);

const PROTECTED = graphql(`
  query OrderProtectedDetail($id: ID!, $reason: PurposeReason!, $purpose: String!) {
    case(id: $id) {
      id
      orders {
        id
        conditions {
          id
          protectedDetail(reason: $reason, purpose: $purpose) {
            kind
            detail
          }
        }
      }
    }
  }
`);

const NEW_STATUSES: OrderStatus[] = ['APPLIED', 'GRANTED', 'IN_FORCE', 'REFUSED'];
const ALL_STATUSES: OrderStatus[] = [
  'APPLIED',
  'GRANTED',
  'IN_FORCE',
  'REFUSED',
  'VARIED',
  'DISCHARGED',
  'EXPIRED',
];
const PROTECTED_KINDS: ProtectedDetailKind[] = ['ADDRESS', 'WORKPLACE', 'EXCLUSION_ZONE', 'OTHER'];
const EMPTY_DATE: DateParts = { day: '', month: '', year: '' };

/** An optional date input: empty is fine, anything typed must be a real date. */
function optionalDate(parts: DateParts, field: string, what: string, errors: FormError[]) {
  if (!parts.day.trim() && !parts.month.trim() && !parts.year.trim()) return undefined;
  const d = datePartsToIso(parts, what);
  if (d.error) errors.push({ field, message: d.error });
  return d.value;
}

interface ConditionDraft {
  servedText: string;
  protectedKind: string;
  protectedDetail: string;
}

/** One condition's fields: the served text every partner reads, and the protected detail (D16). */
function ConditionFields({
  id,
  title,
  value,
  onChange,
  errors,
}: {
  id: string;
  title: string;
  value: ConditionDraft;
  onChange: (v: ConditionDraft) => void;
  errors: FormError[];
}) {
  return (
    <>
      <Textarea
        id={`${id}-text`}
        label={title}
        hint="Every partner on the case reads this. Never put the victim’s address, workplace or contact details here."
        rows={3}
        value={value.servedText}
        onChange={(servedText) => onChange({ ...value, servedText })}
        error={errorFor(errors, `${id}-text`)}
      />
      <Select
        id={`${id}-kind`}
        label="What the condition protects (optional)"
        value={value.protectedKind}
        onChange={(protectedKind) => onChange({ ...value, protectedKind })}
        options={[
          { value: '', text: 'Nothing to record' },
          ...PROTECTED_KINDS.map((k) => ({ value: k, text: label(k) })),
        ]}
      />
      {value.protectedKind && (
        <Textarea
          id={`${id}-detail`}
          label="The protected address, workplace or zone"
          hint="Only police and the victim’s advocate can read this, and each reading is recorded."
          rows={2}
          value={value.protectedDetail}
          onChange={(protectedDetail) => onChange({ ...value, protectedDetail })}
          error={errorFor(errors, `${id}-detail`)}
        />
      )}
    </>
  );
}

const conditionInput = (c: ConditionDraft) => ({
  servedText: c.servedText.trim(),
  protectedKind: (c.protectedKind || undefined) as ProtectedDetailKind | undefined,
  protectedDetail: c.protectedKind ? c.protectedDetail.trim() || undefined : undefined,
});

const checkCondition = (c: ConditionDraft, id: string, errors: FormError[]) => {
  if (!c.servedText.trim())
    errors.push({ field: `${id}-text`, message: 'Enter the text the subject is served with' });
  if (c.protectedKind && !c.protectedDetail.trim())
    errors.push({ field: `${id}-detail`, message: 'Enter what the condition protects' });
};

/** Recording an application, an order or conditions (police). */
export function RecordOrderPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { data, loading } = useQuery(ORDERS_OF_CASE, { variables: { id } });
  const [record] = useMutation(RECORD_ORDER, { refetchQueries: ['CasePage', 'CaseOrdersDetail'] });
  const form = useApiForm({
    typeCode: 'type',
    status: 'status',
    appliedOn: 'applied',
    grantedOn: 'granted',
    servedOn: 'served',
    fixedEndOn: 'ends',
    untilFurtherOrder: 'ends',
    replacesOrderId: 'replaces',
    // Each condition's fields, by index (conditions.3.servedText → condition-3-text).
    ...Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [
        [`conditions.${i}.servedText`, `condition-${i}-text`],
        [`conditions.${i}.protectedKind`, `condition-${i}-kind`],
        [`conditions.${i}.protectedDetail`, `condition-${i}-detail`],
      ]).flat(),
    ),
  });
  const [typeCode, setTypeCode] = useState('');
  const [status, setStatus] = useState<string>('APPLIED');
  const [applied, setApplied] = useState<DateParts>(EMPTY_DATE);
  const [granted, setGranted] = useState<DateParts>(EMPTY_DATE);
  const [served, setServed] = useState<DateParts>(EMPTY_DATE);
  const [ending, setEnding] = useState('');
  const [ends, setEnds] = useState<DateParts>(EMPTY_DATE);
  const [replaces, setReplaces] = useState('');
  const [conditions, setConditions] = useState<ConditionDraft[]>([]);
  if (loading && !data) return <Loading what="case" />;
  const c = data?.case;
  if (!c) return <Page title="Case not found" />;
  const type = data?.orderTypes.find((t) => t.code === typeCode);
  // A type that cannot run until further order takes that answer away.
  const untilFurtherOrder = ending === 'UNTIL_FURTHER_ORDER' && type?.allowsUntilFurtherOrder !== false;
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local: FormError[] = [];
    if (!typeCode) local.push({ field: 'type', message: 'Select the type of order' });
    const appliedOn = optionalDate(applied, 'applied', 'the date of the application', local);
    const grantedOn = optionalDate(granted, 'granted', 'the date the order was made', local);
    if (status === 'GRANTED' || status === 'IN_FORCE') {
      if (!grantedOn && !local.some((x) => x.field === 'granted'))
        local.push({ field: 'granted', message: 'Enter the date the order was made' });
    }
    const servedOn = optionalDate(served, 'served', 'the date of service', local);
    if (status === 'IN_FORCE' && !servedOn && !local.some((x) => x.field === 'served'))
      local.push({ field: 'served', message: 'Enter the date the order was served' });
    const fixedEndOn =
      ending === 'FIXED' ? optionalDate(ends, 'ends-date', 'the last day', local) : undefined;
    if (ending === 'FIXED' && !fixedEndOn && !local.some((x) => x.field === 'ends-date'))
      local.push({ field: 'ends-date', message: 'Enter the last day of the order' });
    conditions.forEach((x, i) => checkCondition(x, `condition-${i}`, local));
    const ok = await form.submit(local, () =>
      record({
        variables: {
          input: {
            caseId: c.id,
            typeCode,
            status: status as OrderStatus,
            appliedOn,
            grantedOn,
            servedOn,
            fixedEndOn,
            untilFurtherOrder,
            replacesOrderId: replaces || undefined,
            conditions: conditions.map(conditionInput),
          },
        },
      }),
    );
    if (ok) navigate(`/cases/${c.id}`, { state: { flash: `${type?.name ?? 'Order'} recorded` } });
  };
  return (
    <>
      <BackLink to={`/cases/${c.id}`}>Back to the case</BackLink>
      <Page
        title="Record an order or conditions"
        caption={`Case ${c.reference ?? ''}`}
        error={form.errors.length > 0}
      >
        <ErrorSummary errors={form.errors} />
        <form onSubmit={onSubmit} noValidate>
          <Select
            id="type"
            label="Type of order"
            value={typeCode}
            onChange={setTypeCode}
            error={errorFor(form.errors, 'type')}
            options={[
              { value: '', text: 'Select a type' },
              ...(data?.orderTypes ?? []).map((t) => ({ value: t.code, text: t.name })),
            ]}
          />
          {type?.requiresNotification && (
            <WarningText>
              The subject must notify the police within {type.notificationDays} days of service. The service
              sets the due date and reminds you.
            </WarningText>
          )}
          <Radios
            id="status"
            label="Where is it now?"
            value={status}
            onChange={setStatus}
            error={errorFor(form.errors, 'status')}
            options={NEW_STATUSES.map((s) => ({ value: s, text: label(s) }))}
          />
          <DateInput
            id="applied"
            label="Date of the application (optional)"
            value={applied}
            onChange={setApplied}
            error={errorFor(form.errors, 'applied')}
          />
          <DateInput
            id="granted"
            label="Date the order was made"
            hint="Needed once the order is made"
            value={granted}
            onChange={setGranted}
            error={errorFor(form.errors, 'granted')}
          />
          <DateInput
            id="served"
            label="Date of service"
            hint="Leave empty if it has not been served yet"
            value={served}
            onChange={setServed}
            error={errorFor(form.errors, 'served')}
          />
          <Radios
            id="ends"
            label="When does it end?"
            value={ending === 'UNTIL_FURTHER_ORDER' && !untilFurtherOrder ? '' : ending}
            onChange={setEnding}
            error={errorFor(form.errors, 'ends')}
            options={[
              { value: 'FIXED', text: 'On a fixed day' },
              ...(type?.allowsUntilFurtherOrder !== false
                ? [{ value: 'UNTIL_FURTHER_ORDER', text: 'Until further order' }]
                : []),
              { value: '', text: 'Not known yet' },
            ]}
          />
          {ending === 'FIXED' && (
            <DateInput
              id="ends-date"
              label="Last day of the order"
              hint={
                type?.minFixedMonths ? `At least ${type.minFixedMonths} months after it was made` : undefined
              }
              value={ends}
              onChange={setEnds}
              error={errorFor(form.errors, 'ends-date')}
            />
          )}
          {(c.orders ?? []).length > 0 && (
            <Select
              id="replaces"
              label="Does it replace an earlier order? (optional)"
              hint="For example, the full order that replaces an interim one"
              value={replaces}
              onChange={setReplaces}
              error={errorFor(form.errors, 'replaces')}
              options={[
                { value: '', text: 'No' },
                ...(c.orders ?? []).map((o) => ({
                  value: o.id,
                  text: `${o.type?.name ?? o.typeCode} (${label(o.status)})`,
                })),
              ]}
            />
          )}
          <h2 className="govuk-heading-m">Conditions</h2>
          {conditions.length === 0 && <p className="govuk-body">No conditions added.</p>}
          {conditions.map((x, i) => (
            <div key={i} className="govuk-!-margin-bottom-6">
              <ConditionFields
                id={`condition-${i}`}
                title={`Condition ${i + 1}: the text the subject is served with`}
                value={x}
                errors={form.errors}
                onChange={(v) => setConditions(conditions.map((y, j) => (j === i ? v : y)))}
              />
              <Button
                type="button"
                secondary
                onClick={() => setConditions(conditions.filter((_, j) => j !== i))}
              >
                Remove condition {i + 1}
              </Button>
            </div>
          ))}
          <div className="govuk-button-group">
            <Button
              type="button"
              secondary
              onClick={() =>
                setConditions([...conditions, { servedText: '', protectedKind: '', protectedDetail: '' }])
              }
            >
              {conditions.length ? 'Add another condition' : 'Add a condition'}
            </Button>
          </div>
          <Button disabled={form.busy}>Record the order</Button>
        </form>
      </Page>
    </>
  );
}

/** One order: its details, and (police) service, status, the subject's notification and new conditions. */
export function OrderPage() {
  const { id = '', orderId = '' } = useParams();
  const can = abilities(useMe());
  const { data, loading, refetch } = useQuery(ORDERS_OF_CASE, { variables: { id } });
  const [flash, setFlash] = useState<string | null>(null);
  if (loading && !data) return <Loading what="order" />;
  const c = data?.case;
  const order = c?.orders?.find((o) => o.id === orderId);
  if (!c || !order)
    return (
      <Page title="Order not found">
        <p className="govuk-body">This order does not exist or you cannot see it.</p>
      </Page>
    );
  const done = async (message: string) => {
    await refetch();
    setFlash(message);
  };
  return (
    <>
      <BackLink to={`/cases/${c.id}`}>Back to the case</BackLink>
      <Page title={order.type?.name ?? order.typeCode ?? 'Order'} caption={`Case ${c.reference ?? ''}`}>
        {flash && <NotificationBanner success heading={flash} />}
        <SummaryCard title="The order">
          <SummaryList
            rows={[
              {
                key: 'Status',
                value: (
                  <Tag
                    code={order.inForce ? 'ACTIVE' : order.status}
                    text={order.inForce ? 'In force' : label(order.status)}
                  />
                ),
              },
              order.appliedOn ? { key: 'Applied for', value: formatDate(order.appliedOn) } : null,
              order.grantedOn ? { key: 'Made', value: formatDate(order.grantedOn) } : null,
              { key: 'Served', value: formatDate(order.servedOn) || 'Not served yet' },
              {
                key: 'Ends',
                value: order.untilFurtherOrder
                  ? 'Until further order'
                  : formatDate(order.fixedEndOn) || 'Not set',
              },
              order.endedOn ? { key: 'Stopped', value: formatDate(order.endedOn) } : null,
              order.notificationDueBy
                ? {
                    key: 'Subject to notify police by',
                    value: (
                      <>
                        {formatDate(order.notificationDueBy)}{' '}
                        {order.notificationReceivedOn ? (
                          <Tag code="DONE" text={`Received ${formatDate(order.notificationReceivedOn)}`} />
                        ) : (
                          order.notificationMissed && <Tag code="OVERDUE" text="Missed" />
                        )}
                      </>
                    ),
                  }
                : null,
              ...(order.conditions ?? []).map((x, i) => ({ key: `Condition ${i + 1}`, value: x.servedText })),
            ]}
          />
        </SummaryCard>
        <ProtectedDetail caseId={c.id} order={order} />
        {/* Orders are recorded by police (D15); every other partner reads them. */}
        {can.police && (
          <>
            <UpdateOrderForm order={order} onDone={done} onConflict={refetch} />
            {order.notificationDueBy && !order.notificationReceivedOn && (
              <NotificationForm order={order} onDone={done} onConflict={refetch} />
            )}
            <AddConditionForm order={order} onDone={done} onConflict={refetch} />
          </>
        )}
      </Page>
    </>
  );
}

type OrderView = OrderDetailFragment;

interface OrderFormProps {
  order: OrderView;
  onDone: (message: string) => Promise<void>;
  onConflict: () => Promise<unknown>;
}

function ConflictBanner({ show }: { show: boolean }) {
  if (!show) return null;
  return (
    <NotificationBanner heading="Someone else changed this order while you were working on it">
      <p className="govuk-body">The details above are the newer version. Check them, then try again.</p>
    </NotificationBanner>
  );
}

function UpdateOrderForm({ order, onDone, onConflict }: OrderFormProps) {
  const [update] = useMutation(UPDATE_ORDER, { refetchQueries: ['CasePage'] });
  const form = useApiForm({
    status: 'order-status',
    servedOn: 'order-served',
    fixedEndOn: 'order-ends',
    endedOn: 'order-ended',
  });
  const [status, setStatus] = useState<string>(order.status ?? 'APPLIED');
  const [served, setServed] = useState<DateParts>(isoToDateParts(order.servedOn));
  const [ends, setEnds] = useState<DateParts>(isoToDateParts(order.fixedEndOn));
  const [ended, setEnded] = useState<DateParts>(isoToDateParts(order.endedOn));
  // A newer version (someone else's change, or this form's own save) replaces what the fields show,
  // so a retry after a conflict starts from their values, never silently undoing them.
  useEffect(() => {
    setStatus(order.status ?? 'APPLIED');
    setServed(isoToDateParts(order.servedOn));
    setEnds(isoToDateParts(order.fixedEndOn));
    setEnded(isoToDateParts(order.endedOn));
  }, [order.version, order.status, order.servedOn, order.fixedEndOn, order.endedOn]);
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local: FormError[] = [];
    const servedOn = optionalDate(served, 'order-served', 'the date of service', local);
    const fixedEndOn = optionalDate(ends, 'order-ends', 'the last day', local);
    const endedOn = optionalDate(ended, 'order-ended', 'the day it stopped', local);
    if (
      (status === 'DISCHARGED' || status === 'EXPIRED') &&
      !endedOn &&
      !local.some((x) => x.field === 'order-ended')
    )
      local.push({ field: 'order-ended', message: 'Enter the day the order stopped having effect' });
    const ok = await form.submit(local, () =>
      update({
        variables: {
          input: {
            id: order.id,
            expectedVersion: order.version ?? 0,
            status: status as OrderStatus,
            servedOn,
            fixedEndOn,
            endedOn,
          },
        },
      }),
    );
    if (ok) await onDone('Order updated');
    else if (form.lastKind() !== 'invalid') await onConflict();
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <h2 className="govuk-heading-m">Update the order</h2>
      <ErrorSummary errors={form.errors} />
      <ConflictBanner show={form.kind === 'conflict'} />
      <Select
        id="order-status"
        label="Status"
        value={status}
        onChange={setStatus}
        error={errorFor(form.errors, 'order-status')}
        options={ALL_STATUSES.map((s) => ({ value: s, text: label(s) }))}
      />
      <DateInput
        id="order-served"
        label="Date of service"
        hint="Recording service starts the subject’s notification period"
        value={served}
        onChange={setServed}
        error={errorFor(form.errors, 'order-served')}
      />
      <DateInput
        id="order-ends"
        label="Last day of a fixed period (optional)"
        value={ends}
        onChange={setEnds}
        error={errorFor(form.errors, 'order-ends')}
      />
      <DateInput
        id="order-ended"
        label="Day it stopped having effect (discharged or expired)"
        value={ended}
        onChange={setEnded}
        error={errorFor(form.errors, 'order-ended')}
      />
      <Button disabled={form.busy} secondary>
        Save the order
      </Button>
    </form>
  );
}

function NotificationForm({ order, onDone, onConflict }: OrderFormProps) {
  const [recordNotification] = useMutation(RECORD_NOTIFICATION, { refetchQueries: ['CasePage'] });
  const form = useApiForm({ receivedOn: 'notification-received' });
  const [received, setReceived] = useState<DateParts>(EMPTY_DATE);
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const d = datePartsToIso(received, 'the day the subject notified the police');
    const ok = await form.submit(d.error ? [{ field: 'notification-received', message: d.error }] : [], () =>
      recordNotification({
        variables: {
          input: { orderId: order.id, expectedVersion: order.version ?? 0, receivedOn: d.value! },
        },
      }),
    );
    if (ok) await onDone('The subject’s notification is recorded');
    else if (form.lastKind() !== 'invalid') await onConflict();
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <h2 className="govuk-heading-m">The subject’s notification</h2>
      <ErrorSummary errors={form.errors} />
      <ConflictBanner show={form.kind === 'conflict'} />
      <DateInput
        id="notification-received"
        label="When did the subject notify the police?"
        hint={`Due by ${formatDate(order.notificationDueBy)}`}
        value={received}
        onChange={setReceived}
        error={errorFor(form.errors, 'notification-received')}
      />
      <Button disabled={form.busy} secondary>
        Record the notification
      </Button>
    </form>
  );
}

function AddConditionForm({ order, onDone, onConflict }: OrderFormProps) {
  const [add] = useMutation(ADD_CONDITION, { refetchQueries: ['CasePage'] });
  const form = useApiForm({ servedText: 'condition-new-text', protectedDetail: 'condition-new-detail' });
  const [draft, setDraft] = useState<ConditionDraft>({
    servedText: '',
    protectedKind: '',
    protectedDetail: '',
  });
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local: FormError[] = [];
    checkCondition(draft, 'condition-new', local);
    const ok = await form.submit(local, () =>
      add({
        variables: {
          input: { orderId: order.id, expectedVersion: order.version ?? 0, ...conditionInput(draft) },
        },
      }),
    );
    if (ok) {
      setDraft({ servedText: '', protectedKind: '', protectedDetail: '' });
      await onDone('Condition added');
    } else if (form.lastKind() !== 'invalid') await onConflict();
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <h2 className="govuk-heading-m">Add a condition</h2>
      <ErrorSummary errors={form.errors} />
      <ConflictBanner show={form.kind === 'conflict'} />
      <ConditionFields
        id="condition-new"
        title="The text the subject is served with"
        value={draft}
        onChange={setDraft}
        errors={form.errors}
      />
      <Button disabled={form.busy} secondary>
        Add the condition
      </Button>
    </form>
  );
}

/**
 * What the conditions protect (D16: police and the advocate), read with a stated purpose that the
 * API audits, past Apollo's cache.
 */
function ProtectedDetail({ caseId, order }: { caseId: string; order: OrderView }) {
  const can = abilities(useMe());
  const read = usePurposeRead(PROTECTED, {
    variables: (stated) => ({ id: caseId, ...stated }),
    shown: (data) => data?.case.orders?.find((o) => o.id === order.id)?.conditions,
    field: 'protected-purpose',
    empty: 'Enter why you need it',
    refused: 'You cannot see what these conditions protect',
  });
  if (!can.police && !can.advocate) return null;
  if (!(order.conditions ?? []).length) return null;
  const conditions = read.data;
  return (
    <SummaryCard title="What the conditions protect">
      {conditions ? (
        <SummaryList
          rows={conditions.map((x, i) => ({
            key: `Condition ${i + 1}`,
            value: x.protectedDetail
              ? `${label(x.protectedDetail.kind)}: ${x.protectedDetail.detail ?? ''}`
              : 'Nothing recorded',
          }))}
        />
      ) : (
        <form onSubmit={read.submit} noValidate>
          <ErrorSummary errors={read.errors} />
          <WarningText>
            Only police and the victim’s advocate can see this. Your reason is recorded.
          </WarningText>
          <PurposeFields
            id="protected-purpose"
            label="Why do you need it?"
            reason={read.reason}
            onReason={read.setReason}
            text={read.purpose}
            onText={read.setPurpose}
            errors={read.errors}
          />
          <Button secondary>Show what they protect</Button>
        </form>
      )}
    </SummaryCard>
  );
}
