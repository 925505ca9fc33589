/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { jest } from '@jest/globals';
import { useState } from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DateParts } from '../lib/dates';
import type { FormError } from '../lib/errors';
import { axeViolations, typeDate } from '../testing/render-page';
import {
  Checkboxes,
  DateInput,
  ErrorSummary,
  NotificationBanner,
  Radios,
  Select,
  SummaryCard,
  Table,
  TextInput,
} from './govuk';

const noop = () => undefined;
/** The summary's focusable box: GOV.UK focuses the whole summary; the alert is the element inside it. */
const errorSummary = () => screen.getByRole('alert').closest('.govuk-error-summary');
const emptyDate: DateParts = { day: '', month: '', year: '' };

/** Every form field the app uses, each with a hint and in its error state, behind an error summary. */
function FormInError({ errors }: { errors: FormError[] }) {
  const message = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <>
      <ErrorSummary errors={errors} />
      <form noValidate>
        <DateInput
          id="occurred"
          label="When did it happen?"
          hint="For example, 27 3 2026"
          value={emptyDate}
          onChange={noop}
          error={message('occurred')}
        />
        <TextInput
          id="time"
          label="Time"
          hint="UK time, for example 21:15"
          value=""
          onChange={noop}
          error={message('time')}
        />
        <Radios
          id="type"
          label="Type of breach"
          hint="Select one"
          value=""
          onChange={noop}
          error={message('type')}
          options={[
            { value: 'CONTACT', text: 'Contact', hint: 'Calls, messages or letters' },
            { value: 'ONLINE', text: 'Online' },
          ]}
        />
        <Select
          id="order"
          label="Order breached"
          hint="Only orders in force"
          value=""
          onChange={noop}
          error={message('order')}
          options={[
            { value: '', text: 'Not an order' },
            { value: 'o1', text: 'Stalking protection order' },
          ]}
        />
        <Checkboxes
          id="agencies"
          label="Agencies"
          hint="Select all that apply"
          values={[]}
          onChange={noop}
          error={message('agencies')}
          options={[
            { value: 'a1', text: 'Police' },
            { value: 'a2', text: 'Probation' },
          ]}
        />
      </form>
    </>
  );
}

const ALL_ERRORS: FormError[] = [
  { field: 'occurred', message: 'Enter the date of the breach' },
  { field: 'time', message: 'Enter the time of the breach' },
  { field: 'type', message: 'Select the type of breach' },
  { field: 'order', message: 'Select the order' },
  { field: 'agencies', message: 'Select at least one agency' },
  { message: 'Someone else changed this record while you were working on it' },
];

describe('web: GOV.UK error summary', () => {
  it('renders nothing while there are no errors', () => {
    const { container } = render(<ErrorSummary errors={[]} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('links each error to its field, leaves a form-level error unlinked, and is one alert', () => {
    render(<FormInError errors={ALL_ERRORS} />);
    const alerts = screen.getAllByRole('alert');
    // GOV.UK Frontend's markup: one live region (nested alerts can be announced twice).
    expect(alerts).toHaveLength(1);
    const summary = alerts[0] as HTMLElement;
    expect(within(summary).getByRole('heading', { level: 2, name: 'There is a problem' })).toBeVisible();
    const links = within(summary).getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Enter the date of the breach', '#occurred'],
      ['Enter the time of the breach', '#time'],
      ['Select the type of breach', '#type'],
      ['Select the order', '#order'],
      ['Select at least one agency', '#agencies'],
    ]);
    // Each link's target is a control: a date's day, the first radio or checkbox, the select itself.
    const targets = links.map((a) => document.querySelector(a.getAttribute('href') ?? ''));
    expect(targets.map((el) => el && `${el.tagName.toLowerCase()}:${el.getAttribute('type') ?? ''}`)).toEqual(
      ['input:text', 'input:text', 'input:radio', 'select:', 'input:checkbox'],
    );
    expect(
      within(summary)
        .getByText(/Someone else changed this record/)
        .closest('a'),
    ).toBeNull();
  });

  it('takes focus when errors appear, and again when a new submit brings new errors', () => {
    const { rerender } = render(<FormInError errors={[]} />);
    expect(document.body).toHaveFocus();
    rerender(<FormInError errors={[ALL_ERRORS[1]!]} />);
    expect(errorSummary()).toHaveFocus();
    screen.getByRole('textbox', { name: 'Time' }).focus();
    rerender(<FormInError errors={[ALL_ERRORS[1]!, ALL_ERRORS[2]!]} />);
    expect(errorSummary()).toHaveFocus();
  });

  it('moves focus to the field (without leaving the page) when an error is followed', async () => {
    const user = userEvent.setup({ delay: null });
    render(<FormInError errors={ALL_ERRORS} />);
    const summary = screen.getByRole('alert');
    await user.click(within(summary).getByRole('link', { name: 'Enter the time of the breach' }));
    expect(screen.getByRole('textbox', { name: 'Time' })).toHaveFocus();
    await user.click(within(summary).getByRole('link', { name: 'Enter the date of the breach' }));
    expect(screen.getByRole('textbox', { name: 'Day' })).toHaveFocus();
    await user.click(within(summary).getByRole('link', { name: 'Select the type of breach' }));
    expect(screen.getByRole('radio', { name: 'Contact' })).toHaveFocus();
    expect(window.location.hash).toBe('');
  });
});

describe('web: GOV.UK form fields', () => {
  it('ties each inline error to its control (after the hint), prefixed "Error:" for screen readers', () => {
    render(<FormInError errors={ALL_ERRORS} />);
    expect(screen.getByRole('textbox', { name: 'Time' })).toHaveAccessibleDescription(
      'UK time, for example 21:15 Error: Enter the time of the breach',
    );
    expect(screen.getByRole('combobox', { name: 'Order breached' })).toHaveAccessibleDescription(
      'Only orders in force Error: Select the order',
    );
    // Dates, radios and checkboxes: the message belongs to the whole question (the fieldset).
    expect(screen.getByRole('group', { name: 'When did it happen?' })).toHaveAccessibleDescription(
      'For example, 27 3 2026 Error: Enter the date of the breach',
    );
    expect(screen.getByRole('group', { name: 'Type of breach' })).toHaveAccessibleDescription(
      'Select one Error: Select the type of breach',
    );
    expect(screen.getByRole('group', { name: 'Agencies' })).toHaveAccessibleDescription(
      'Select all that apply Error: Select at least one agency',
    );
  });

  it('refers only to elements that exist, with or without hints and errors', () => {
    const { container, rerender } = render(<FormInError errors={ALL_ERRORS} />);
    const dangling = () =>
      [...container.querySelectorAll('[aria-describedby]')].flatMap((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(/\s+/)
          .filter((id) => !document.getElementById(id))
          .map((id) => `${el.id || el.tagName}→${id}`),
      );
    expect(dangling()).toEqual([]);
    rerender(<FormInError errors={[]} />);
    expect(dangling()).toEqual([]);
    expect(screen.getByRole('textbox', { name: 'Time' })).toHaveAccessibleDescription(
      'UK time, for example 21:15',
    );
    render(<TextInput id="bare" label="Crime reference" value="" onChange={noop} />);
    expect(screen.getByRole('textbox', { name: 'Crime reference' })).not.toHaveAttribute('aria-describedby');
  });

  it('labels the day, month and year of a date inside a group named by its legend', async () => {
    const user = userEvent.setup({ delay: null });
    function Harness() {
      const [value, setValue] = useState<DateParts>(emptyDate);
      return (
        <>
          <DateInput id="occurred" label="When did it happen?" value={value} onChange={setValue} />
          <output>{JSON.stringify(value)}</output>
        </>
      );
    }
    render(<Harness />);
    await typeDate(user, 'When did it happen?', '7', '11', '2026');
    expect(screen.getByRole('status')).toHaveTextContent('{"day":"7","month":"11","year":"2026"}');
    const group = screen.getByRole('group', { name: 'When did it happen?' });
    expect(within(group).getByRole('textbox', { name: 'Year' })).toHaveAttribute('inputmode', 'numeric');
  });

  it('offers radios labelled by their text, with option hints, and reports the choice', async () => {
    const user = userEvent.setup({ delay: null });
    const onChange = jest.fn<(v: string) => void>();
    render(
      <Radios
        id="type"
        label="Type of breach"
        value="ONLINE"
        onChange={onChange}
        options={[
          { value: 'CONTACT', text: 'Contact', hint: 'Calls, messages or letters' },
          { value: 'ONLINE', text: 'Online' },
        ]}
      />,
    );
    const group = screen.getByRole('group', { name: 'Type of breach' });
    const contact = within(group).getByRole('radio', { name: 'Contact' });
    expect(contact).toHaveAccessibleDescription('Calls, messages or letters');
    expect(contact).not.toBeChecked();
    expect(within(group).getByRole('radio', { name: 'Online' })).toBeChecked();
    await user.click(screen.getByText('Contact'));
    expect(onChange).toHaveBeenLastCalledWith('CONTACT');
  });

  it('labels selects and text inputs, and reports what is typed or chosen', async () => {
    const user = userEvent.setup({ delay: null });
    function Harness() {
      const [crime, setCrime] = useState('');
      const [order, setOrder] = useState('');
      return (
        <>
          <TextInput id="crime" label="Crime reference" value={crime} onChange={setCrime} />
          <Select
            id="order"
            label="Order breached (optional)"
            value={order}
            onChange={setOrder}
            options={[
              { value: '', text: 'Not an order' },
              { value: 'o1', text: 'Stalking protection order (in force)' },
            ]}
          />
        </>
      );
    }
    render(<Harness />);
    const crime = screen.getByRole('textbox', { name: 'Crime reference' });
    await user.type(crime, 'CR/0001/26');
    expect(crime).toHaveValue('CR/0001/26');
    const order = screen.getByRole('combobox', { name: 'Order breached (optional)' });
    expect(order).toHaveDisplayValue('Not an order');
    await user.selectOptions(order, 'Stalking protection order (in force)');
    expect(order).toHaveValue('o1');
  });
});

describe('web: GOV.UK notification banner', () => {
  it('announces success and takes focus; an ordinary banner is a region named by its title', () => {
    render(
      <>
        <NotificationBanner heading="An urgent review of this case has been asked for." />
        <NotificationBanner success heading="Breach recorded." />
      </>,
    );
    expect(screen.getByRole('alert')).toHaveFocus();
    expect(screen.getByRole('alert')).toHaveTextContent('SuccessBreach recorded.');
    expect(screen.getByRole('region', { name: 'Important' })).toHaveTextContent(/urgent review/);
  });
});

describe('web: GOV.UK components and axe', () => {
  it('a form in its error state has no axe violations', async () => {
    const { container } = render(
      <main>
        <h1>Record a breach</h1>
        <FormInError errors={ALL_ERRORS} />
      </main>,
    );
    expect(await axeViolations(container)).toEqual([]);
  });
});

describe('web: GOV.UK tables', () => {
  const rows = [['Ring the victim', '1 December 2026']];

  it('scrolls in a keyboard-reachable region named by the caption, so a phone page keeps its width', async () => {
    const { container } = render(<Table caption="Overdue actions" head={['Action', 'Due']} rows={rows} />);
    const region = screen.getByRole('region', { name: 'Overdue actions' });
    expect(region).toHaveAttribute('tabindex', '0');
    expect(region).toHaveClass('scp-table-scroll');
    expect(within(region).getByRole('table', { name: 'Overdue actions' })).toBeVisible();
    expect(await axeViolations(container)).toEqual([]);
  });

  it('in a card of the same name, is named by the card’s heading and says the name once', async () => {
    const { container } = render(
      <SummaryCard title="Agreed actions">
        <Table caption="Agreed actions" head={['Action', 'Due']} rows={rows} />
      </SummaryCard>,
    );
    expect(screen.getByRole('table', { name: 'Agreed actions' })).toBeVisible();
    expect(screen.getByRole('region', { name: 'Agreed actions' })).toBeVisible();
    expect(container.textContent).not.toContain('Agreed actionsAgreed actions');
    expect(container.querySelector('caption')).toBeNull();
    expect(await axeViolations(container)).toEqual([]);
  });

  it('in a card of another name, keeps its own caption', () => {
    render(
      <SummaryCard title="Actions">
        <Table caption="Open actions" head={['Action', 'Due']} rows={rows} />
      </SummaryCard>,
    );
    expect(screen.getByRole('table', { name: 'Open actions' })).toBeVisible();
  });
});
