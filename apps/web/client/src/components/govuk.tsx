import { createContext, useContext, useEffect, useId, useRef, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { FormError } from '../lib/errors';
import type { DateParts } from '../lib/dates';
import { label as plain, tagColour } from '../lib/labels';

/**
 * GOV.UK error summary: focused when it appears, each error linking to its field. As in GOV.UK
 * Frontend's markup, only the inner element is the alert: nested live regions can be read out twice.
 */
export function ErrorSummary({ errors }: { errors: FormError[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [errors]);
  if (!errors.length) return null;
  return (
    <div className="govuk-error-summary" ref={ref} tabIndex={-1} data-module="govuk-error-summary">
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((e, i) => (
              <li key={i}>
                {e.field ? (
                  <a
                    href={`#${e.field}`}
                    onClick={(ev) => {
                      ev.preventDefault();
                      document.getElementById(e.field!)?.focus();
                    }}
                  >
                    {e.message}
                  </a>
                ) : (
                  e.message
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

export const errorFor = (errors: FormError[], field: string) =>
  errors.find((e) => e.field === field)?.message;

function ErrorMessage({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {message}
    </p>
  );
}

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (v: string) => void;
  isPageHeading?: boolean;
  /** The form field name, when it must differ from the id (a GET form's query parameter). */
  name?: string;
}

export function TextInput({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  width,
  type = 'text',
  autoComplete,
  inputMode,
  name,
}: FieldProps & { width?: string; type?: string; autoComplete?: string; inputMode?: 'numeric' | 'text' }) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      )}
      <ErrorMessage id={`${id}-error`} message={error} />
      <input
        className={`govuk-input${width ? ` govuk-input--width-${width}` : ''}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={name ?? id}
        type={type}
        value={value}
        autoComplete={autoComplete ?? 'off'}
        inputMode={inputMode}
        spellCheck={false}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

export function Textarea({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  rows = 5,
}: FieldProps & { rows?: number }) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      )}
      <ErrorMessage id={`${id}-error`} message={error} />
      <textarea
        className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
        id={id}
        name={id}
        rows={rows}
        value={value}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

export interface Option {
  value: string;
  text: ReactNode;
  hint?: ReactNode;
}

export function Select({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  options,
  name,
}: FieldProps & { options: Option[] }) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      )}
      <ErrorMessage id={`${id}-error`} message={error} />
      <select
        className={`govuk-select${error ? ' govuk-select--error' : ''}`}
        id={id}
        name={name ?? id}
        value={value}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}

function Fieldset({
  legend,
  hint,
  error,
  id,
  children,
  isPageHeading,
  role,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  id: string;
  children: ReactNode;
  isPageHeading?: boolean;
  role?: string;
}) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy} role={role}>
        <legend
          className={`govuk-fieldset__legend ${isPageHeading ? 'govuk-fieldset__legend--l' : 'govuk-fieldset__legend--s'}`}
        >
          {isPageHeading ? <h1 className="govuk-fieldset__heading">{legend}</h1> : legend}
        </legend>
        {hint && (
          <div id={`${id}-hint`} className="govuk-hint">
            {hint}
          </div>
        )}
        <ErrorMessage id={`${id}-error`} message={error} />
        {children}
      </fieldset>
    </div>
  );
}

export function Radios({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  options,
  inline,
  isPageHeading,
}: FieldProps & { options: Option[]; inline?: boolean }) {
  return (
    <Fieldset legend={label} hint={hint} error={error} id={id} isPageHeading={isPageHeading}>
      <div className={`govuk-radios${inline ? ' govuk-radios--inline' : ''}`}>
        {options.map((o, i) => {
          const optionId = i === 0 ? id : `${id}-${i + 1}`;
          return (
            <div className="govuk-radios__item" key={o.value}>
              <input
                className="govuk-radios__input"
                id={optionId}
                name={id}
                type="radio"
                value={o.value}
                checked={value === o.value}
                onChange={() => onChange(o.value)}
                aria-describedby={o.hint ? `${optionId}-hint` : undefined}
              />
              <label className="govuk-label govuk-radios__label" htmlFor={optionId}>
                {o.text}
              </label>
              {o.hint && (
                <div id={`${optionId}-hint`} className="govuk-hint govuk-radios__hint">
                  {o.hint}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </Fieldset>
  );
}

export function Checkboxes({
  id,
  label,
  hint,
  error,
  values,
  onChange,
  options,
}: Omit<FieldProps, 'value' | 'onChange'> & {
  values: string[];
  onChange: (v: string[]) => void;
  options: Option[];
}) {
  return (
    <Fieldset legend={label} hint={hint} error={error} id={id}>
      <div className="govuk-checkboxes govuk-checkboxes--small">
        {options.map((o, i) => {
          const optionId = i === 0 ? id : `${id}-${i + 1}`;
          const checked = values.includes(o.value);
          return (
            <div className="govuk-checkboxes__item" key={o.value}>
              <input
                className="govuk-checkboxes__input"
                id={optionId}
                name={id}
                type="checkbox"
                value={o.value}
                checked={checked}
                onChange={() =>
                  onChange(checked ? values.filter((v) => v !== o.value) : [...values, o.value])
                }
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={optionId}>
                {o.text}
              </label>
            </div>
          );
        })}
      </div>
    </Fieldset>
  );
}

export function DateInput({
  id,
  label,
  hint,
  error,
  value,
  onChange,
}: Omit<FieldProps, 'value' | 'onChange'> & { value: DateParts; onChange: (v: DateParts) => void }) {
  const parts: [keyof DateParts, string, string][] = [
    ['day', 'Day', '2'],
    ['month', 'Month', '2'],
    ['year', 'Year', '4'],
  ];
  return (
    <Fieldset legend={label} hint={hint} error={error} id={`${id}-fieldset`} role="group">
      <div className="govuk-date-input">
        {parts.map(([key, text, width], i) => (
          <div className="govuk-date-input__item" key={key}>
            <div className="govuk-form-group">
              <label className="govuk-label govuk-date-input__label" htmlFor={i === 0 ? id : `${id}-${key}`}>
                {text}
              </label>
              <input
                className={`govuk-input govuk-date-input__input govuk-input--width-${width}${error ? ' govuk-input--error' : ''}`}
                id={i === 0 ? id : `${id}-${key}`}
                name={`${id}-${key}`}
                type="text"
                inputMode="numeric"
                value={value[key]}
                onChange={(e) => onChange({ ...value, [key]: e.target.value })}
              />
            </div>
          </div>
        ))}
      </div>
    </Fieldset>
  );
}

export function Button({
  children,
  onClick,
  secondary,
  warning,
  type = 'submit',
  disabled,
}: {
  children: ReactNode;
  onClick?: () => void;
  secondary?: boolean;
  warning?: boolean;
  type?: 'submit' | 'button';
  disabled?: boolean;
}) {
  return (
    <button
      type={type}
      className={`govuk-button${secondary ? ' govuk-button--secondary' : ''}${warning ? ' govuk-button--warning' : ''}`}
      data-module="govuk-button"
      onClick={onClick}
      disabled={disabled}
      aria-disabled={disabled || undefined}
    >
      {children}
    </button>
  );
}

export function ButtonLink({
  to,
  children,
  secondary,
}: {
  to: string;
  children: ReactNode;
  secondary?: boolean;
}) {
  return (
    <Link
      to={to}
      role="button"
      draggable={false}
      className={`govuk-button${secondary ? ' govuk-button--secondary' : ''}`}
    >
      {children}
    </Link>
  );
}

export function Tag({ code, text }: { code?: string | null; text?: string }) {
  return <strong className={`govuk-tag govuk-tag--${tagColour(code)}`}>{text ?? plain(code)}</strong>;
}

export interface SummaryRow {
  key: ReactNode;
  value: ReactNode;
  action?: { to: string; text: string; hidden: string };
}

export function SummaryList({
  rows,
  noBorder,
}: {
  rows: (SummaryRow | false | null | undefined)[];
  noBorder?: boolean;
}) {
  const shown = rows.filter(Boolean) as SummaryRow[];
  return (
    <dl className={`govuk-summary-list${noBorder ? ' govuk-summary-list--no-border' : ''}`}>
      {shown.map((r, i) => (
        <div className="govuk-summary-list__row" key={i}>
          <dt className="govuk-summary-list__key">{r.key}</dt>
          <dd className="govuk-summary-list__value">{r.value}</dd>
          {r.action && (
            <dd className="govuk-summary-list__actions">
              <Link className="govuk-link" to={r.action.to}>
                {r.action.text}
                <span className="govuk-visually-hidden"> {r.action.hidden}</span>
              </Link>
            </dd>
          )}
        </div>
      ))}
    </dl>
  );
}

/** The summary card a table sits in: a table captioned as the card is named by its heading. */
const CardTitle = createContext<{ id: string; title: ReactNode } | null>(null);

export function SummaryCard({
  title,
  children,
  actions,
}: {
  title: ReactNode;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const titleId = useId();
  return (
    <div className="govuk-summary-card">
      <div className="govuk-summary-card__title-wrapper">
        <h2 className="govuk-summary-card__title" id={titleId}>
          {title}
        </h2>
        {actions && <div className="govuk-summary-card__actions">{actions}</div>}
      </div>
      <CardTitle.Provider value={{ id: titleId, title }}>
        <div className="govuk-summary-card__content">{children}</div>
      </CardTitle.Provider>
    </div>
  );
}

export function NotificationBanner({
  title = 'Important',
  heading,
  children,
  success,
}: {
  title?: string;
  heading: ReactNode;
  children?: ReactNode;
  success?: boolean;
}) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (success) ref.current?.focus();
  }, [success]);
  return (
    <div
      ref={ref}
      className={`govuk-notification-banner${success ? ' govuk-notification-banner--success' : ''}`}
      role={success ? 'alert' : 'region'}
      aria-labelledby={id}
      tabIndex={success ? -1 : undefined}
      data-module="govuk-notification-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={id}>
          {success ? 'Success' : title}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{heading}</p>
        {children}
      </div>
    </div>
  );
}

export function Table({
  caption,
  head,
  rows,
  captionSize = 'm',
}: {
  caption: ReactNode;
  head: ReactNode[];
  rows: ReactNode[][];
  captionSize?: 's' | 'm' | 'l';
}) {
  const captionId = useId();
  // In a card of the same name the card's heading names the table: no second caption saying the
  // same words ("Agreed actionsAgreed actions" to a screen reader and in the page's text).
  const card = useContext(CardTitle);
  const named = card !== null && card.title === caption;
  const labelId = named ? card.id : captionId;
  // On a narrow screen the table scrolls inside its own region (named by the caption, reachable
  // by keyboard) rather than widening the page.
  return (
    <div className="scp-table-scroll" role="region" aria-labelledby={labelId} tabIndex={0}>
      <table className="govuk-table" aria-labelledby={named ? labelId : undefined}>
        {!named && (
          <caption id={captionId} className={`govuk-table__caption govuk-table__caption--${captionSize}`}>
            {caption}
          </caption>
        )}
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {head.map((h, i) => (
              <th scope="col" className="govuk-table__header" key={i}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((r, i) => (
            <tr className="govuk-table__row" key={i}>
              {r.map((c, j) =>
                j === 0 ? (
                  <th scope="row" className="govuk-table__header" key={j}>
                    {c}
                  </th>
                ) : (
                  <td className="govuk-table__cell" key={j}>
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Keyset pagination: "Next" carries the cursor; "Previous" goes back through the cursors seen. */
export function Pager({
  hasPrevious,
  hasNext,
  onPrevious,
  onNext,
}: {
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  if (!hasPrevious && !hasNext) return null;
  return (
    <nav className="govuk-pagination govuk-pagination--block" aria-label="Pagination">
      {hasPrevious && (
        <div className="govuk-pagination__prev">
          <button
            type="button"
            className="govuk-link govuk-pagination__link scp-link-button"
            rel="prev"
            onClick={onPrevious}
          >
            <span className="govuk-pagination__link-title">
              Previous<span className="govuk-visually-hidden"> page</span>
            </span>
          </button>
        </div>
      )}
      {hasNext && (
        <div className="govuk-pagination__next">
          <button
            type="button"
            className="govuk-link govuk-pagination__link scp-link-button"
            rel="next"
            onClick={onNext}
          >
            <span className="govuk-pagination__link-title">
              Next<span className="govuk-visually-hidden"> page</span>
            </span>
          </button>
        </div>
      )}
    </nav>
  );
}

export interface Task {
  title: string;
  to?: string;
  status: ReactNode;
  hint?: string;
}

export function TaskList({ tasks, id }: { tasks: Task[]; id: string }) {
  return (
    <ul className="govuk-task-list">
      {tasks.map((t, i) => (
        <li className={`govuk-task-list__item${t.to ? ' govuk-task-list__item--with-link' : ''}`} key={i}>
          <div className="govuk-task-list__name-and-hint">
            {t.to ? (
              <Link
                className="govuk-link govuk-task-list__link"
                to={t.to}
                aria-describedby={`${id}-${i}-status`}
              >
                {t.title}
              </Link>
            ) : (
              <div>{t.title}</div>
            )}
            {t.hint && <div className="govuk-task-list__hint">{t.hint}</div>}
          </div>
          <div className="govuk-task-list__status" id={`${id}-${i}-status`}>
            {t.status}
          </div>
        </li>
      ))}
    </ul>
  );
}

export function BackLink({ to, children = 'Back' }: { to: string; children?: ReactNode }) {
  return (
    <Link to={to} className="govuk-back-link">
      {children}
    </Link>
  );
}

export function Loading({ what = 'page' }: { what?: string }) {
  return (
    <p className="govuk-body" role="status">
      Loading the {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="govuk-body scp-empty">{children}</p>;
}

export function InsetText({ children }: { children: ReactNode }) {
  return <div className="govuk-inset-text">{children}</div>;
}

export function WarningText({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-warning-text">
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        {children}
      </strong>
    </div>
  );
}

/** A GOV.UK details component: a summary line that opens to show `children`. */
export function Details({
  summary,
  children,
  className,
}: {
  summary: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <details className={`govuk-details${className ? ` ${className}` : ''}`}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{summary}</span>
      </summary>
      <div className="govuk-details__text">{children}</div>
    </details>
  );
}
