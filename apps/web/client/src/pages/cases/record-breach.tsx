import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { BreachType } from '../../generated/graphql';
import {
  BackLink,
  Button,
  DateInput,
  ErrorSummary,
  errorFor,
  Radios,
  Select,
  Textarea,
  TextInput,
} from '../../components/govuk';
import { Page } from '../../components/page';
import { datePartsToIso, londonDateTimeToIso, type DateParts } from '../../lib/dates';
import type { FormError } from '../../lib/errors';
import { label } from '../../lib/labels';
import { useApiForm } from '../../lib/use-api-form';

const ORDERS = graphql(`
  query CaseOrders($id: ID!) {
    case(id: $id) {
      id
      reference
      orders {
        id
        typeCode
        inForce
        type {
          name
        }
      }
    }
  }
`);
const APPROVERS = graphql(`
  query BreachApprovers($caseId: ID!) {
    breachApprovers(caseId: $caseId) {
      id
      displayName
    }
  }
`);
const RECORD = graphql(`
  mutation RecordBreach($input: RecordBreachInput!) {
    recordBreach(input: $input) {
      id
    }
  }
`);
const TYPES: BreachType[] = ['CONTACT', 'APPROACH', 'ONLINE', 'THIRD_PARTY', 'LOCATION', 'OTHER'];

/**
 * Recording a breach (police): as a crime with its reference, or with the reason it was not
 * recorded as one and the officer of the same force who approved that reason.
 */
export function RecordBreachPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { data } = useQuery(ORDERS, { variables: { id } });
  const approvers = useQuery(APPROVERS, { variables: { caseId: id } });
  const [record] = useMutation(RECORD, { refetchQueries: ['CasePage'] });
  const form = useApiForm({
    occurredAt: 'occurred',
    crimeReference: 'crime',
    crimeNotRecorded: 'recorded',
    'crimeNotRecorded.reason': 'reason',
    'crimeNotRecorded.approvedByUserId': 'approver',
    description: 'description',
    type: 'type',
  });
  const [date, setDate] = useState<DateParts>({ day: '', month: '', year: '' });
  const [time, setTime] = useState('');
  const [type, setType] = useState('');
  const [orderId, setOrderId] = useState('');
  const [recorded, setRecorded] = useState('YES');
  const [crime, setCrime] = useState('');
  const [reason, setReason] = useState('');
  const [approver, setApprover] = useState('');
  const [course, setCourse] = useState('');
  const [description, setDescription] = useState('');
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local: FormError[] = [];
    const d = datePartsToIso(date, 'the date of the breach');
    if (d.error) local.push({ field: 'occurred', message: d.error });
    const t = d.value ? londonDateTimeToIso(d.value, time, 'the time of the breach') : {};
    if (d.value && t.error) local.push({ field: 'time', message: t.error });
    if (!type) local.push({ field: 'type', message: 'Select the type of breach' });
    if (recorded === 'YES' && !crime.trim())
      local.push({ field: 'crime', message: 'Enter the crime reference' });
    if (recorded === 'NO' && !reason.trim())
      local.push({ field: 'reason', message: 'Enter why the breach was not recorded as a crime' });
    const noApprovers = approvers.data?.breachApprovers.length === 0;
    if (recorded === 'NO' && noApprovers)
      local.push({
        field: 'recorded',
        message: 'No other officer of your force is on this case to approve a reason: record it as a crime',
      });
    else if (recorded === 'NO' && !approver)
      local.push({ field: 'approver', message: 'Select the officer who approved the reason' });
    const ok = await form.submit(local, () =>
      record({
        variables: {
          input: {
            caseId: id,
            occurredAt: t.value!,
            type: type as BreachType,
            orderId: orderId || undefined,
            crimeReference: recorded === 'YES' ? crime.trim() : undefined,
            crimeNotRecorded:
              recorded === 'NO' ? { reason: reason.trim(), approvedByUserId: approver } : undefined,
            courseOfConductReference: course.trim() || undefined,
            description: description.trim() || undefined,
          },
        },
      }),
    );
    if (ok)
      navigate(`/cases/${id}`, {
        state: { flash: 'Breach recorded. The case is flagged for an urgent review.' },
      });
  };
  const orders = data?.case.orders ?? [];
  return (
    <>
      <BackLink to={`/cases/${id}`}>Back to the case</BackLink>
      <Page
        title="Record a breach"
        caption={data?.case.reference ? `Case ${data.case.reference}` : undefined}
        error={form.errors.length > 0}
      >
        <ErrorSummary errors={form.errors} />
        <form onSubmit={onSubmit} noValidate>
          <DateInput
            id="occurred"
            label="When did it happen?"
            value={date}
            onChange={setDate}
            error={errorFor(form.errors, 'occurred')}
          />
          <TextInput
            id="time"
            label="Time"
            hint="UK time, for example 21:15"
            width="5"
            value={time}
            onChange={setTime}
            error={errorFor(form.errors, 'time')}
          />
          <Radios
            id="type"
            label="Type of breach"
            value={type}
            onChange={setType}
            error={errorFor(form.errors, 'type')}
            options={TYPES.map((x) => ({ value: x, text: label(x) }))}
          />
          {orders.length > 0 && (
            <Select
              id="order"
              label="Order breached (optional)"
              value={orderId}
              onChange={setOrderId}
              options={[
                { value: '', text: 'Not an order' },
                ...orders.map((o) => ({
                  value: o.id,
                  text: `${o.type?.name ?? o.typeCode}${o.inForce ? ' (in force)' : ''}`,
                })),
              ]}
            />
          )}
          <Radios
            id="recorded"
            label="Was it recorded as a crime?"
            hint="A breach is recorded as a crime unless a supervisor approves why not"
            value={recorded}
            onChange={setRecorded}
            error={errorFor(form.errors, 'recorded')}
            options={[
              { value: 'YES', text: 'Yes' },
              { value: 'NO', text: 'No, a supervisor approved why not' },
            ]}
          />
          {recorded === 'YES' ? (
            <TextInput
              id="crime"
              label="Crime reference"
              width="20"
              value={crime}
              onChange={setCrime}
              error={errorFor(form.errors, 'crime')}
            />
          ) : (
            <>
              <Textarea
                id="reason"
                label="Why was it not recorded as a crime?"
                hint="Every partner on the case reads this: do not include the victim’s address or phone number"
                rows={3}
                value={reason}
                onChange={setReason}
                error={errorFor(form.errors, 'reason')}
              />
              {approvers.data && approvers.data.breachApprovers.length === 0 ? (
                <p className="govuk-body" id="approver">
                  No other officer of your force is on this case to approve the reason. Record the breach as a
                  crime, or ask your supervisor to be added to the case.
                </p>
              ) : (
                <Select
                  id="approver"
                  label="Officer who approved the reason"
                  hint="Another officer of your force on this case"
                  value={approver}
                  onChange={setApprover}
                  error={errorFor(form.errors, 'approver')}
                  options={[
                    { value: '', text: 'Select an officer' },
                    ...(approvers.data?.breachApprovers ?? []).map((u) => ({
                      value: u.id,
                      text: u.displayName,
                    })),
                  ]}
                />
              )}
            </>
          )}
          <TextInput
            id="course"
            label="Course of conduct crime reference (optional)"
            width="20"
            value={course}
            onChange={setCourse}
          />
          <Textarea
            id="description"
            label="What happened (optional)"
            hint="Do not include the victim’s address or phone number"
            value={description}
            onChange={setDescription}
            error={errorFor(form.errors, 'description')}
          />
          <Button disabled={form.busy}>Record the breach</Button>
        </form>
      </Page>
    </>
  );
}
