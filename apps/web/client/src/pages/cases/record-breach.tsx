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
const RECORD = graphql(`
  mutation RecordBreach($input: RecordBreachInput!) {
    recordBreach(input: $input) {
      id
    }
  }
`);
const TYPES: BreachType[] = ['CONTACT', 'APPROACH', 'ONLINE', 'THIRD_PARTY', 'LOCATION', 'OTHER'];

/** Recording a breach (police): always as a crime, with its reference. */
export function RecordBreachPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { data } = useQuery(ORDERS, { variables: { id } });
  const [record] = useMutation(RECORD, { refetchQueries: ['CasePage'] });
  const form = useApiForm({
    occurredAt: 'occurred',
    crimeReference: 'crime',
    description: 'description',
    type: 'type',
  });
  const [date, setDate] = useState<DateParts>({ day: '', month: '', year: '' });
  const [time, setTime] = useState('');
  const [type, setType] = useState('');
  const [orderId, setOrderId] = useState('');
  const [crime, setCrime] = useState('');
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
    if (!crime.trim()) local.push({ field: 'crime', message: 'Enter the crime reference' });
    const ok = await form.submit(local, () =>
      record({
        variables: {
          input: {
            caseId: id,
            occurredAt: t.value!,
            type: type as BreachType,
            orderId: orderId || undefined,
            crimeReference: crime.trim(),
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
          <TextInput
            id="crime"
            label="Crime reference"
            width="20"
            value={crime}
            onChange={setCrime}
            error={errorFor(form.errors, 'crime')}
          />
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
