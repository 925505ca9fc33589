import { useState } from 'react';
import { DateInput, errorFor, TextInput } from '../../components/govuk';
import {
  datePartsToIso,
  londonDateTimeToIso,
  londonTimeOf,
  isoToDateParts,
  londonToday,
} from '../../lib/dates';
import type { DateParts } from '../../lib/dates';
import type { FormError } from '../../lib/errors';

/**
 * A UK date and time of something that happened (ids `${id}` and `${id}-time`), today and now
 * unless changed: `check` gives the instant or the GOV.UK messages, and refuses a future time.
 */
export function useWhen(id: string, what: string) {
  const [date, setDate] = useState<DateParts>(isoToDateParts(londonToday()));
  const [time, setTime] = useState(londonTimeOf(new Date().toISOString()));
  const check = (): { value?: string; errors: FormError[] } => {
    const d = datePartsToIso(date, `the date of ${what}`);
    if (d.error) return { errors: [{ field: id, message: d.error }] };
    const t = londonDateTimeToIso(d.value!, time, `the time of ${what}`);
    if (t.error) return { errors: [{ field: `${id}-time`, message: t.error }] };
    if (Date.parse(t.value!) > Date.now() + 60_000)
      return { errors: [{ field: id, message: `The date and time of ${what} must be in the past` }] };
    return { value: t.value, errors: [] };
  };
  return { id, date, setDate, time, setTime, check };
}

export function WhenFields({
  when,
  label,
  errors,
}: {
  when: ReturnType<typeof useWhen>;
  label: string;
  errors: FormError[];
}) {
  return (
    <>
      <DateInput
        id={when.id}
        label={label}
        value={when.date}
        onChange={when.setDate}
        error={errorFor(errors, when.id)}
      />
      <TextInput
        id={`${when.id}-time`}
        label="Time"
        hint="UK time, for example 16:30"
        width="5"
        value={when.time}
        onChange={when.setTime}
        error={errorFor(errors, `${when.id}-time`)}
      />
    </>
  );
}

/** The criminal-justice steps police record (the API's CriminalJusticeEventType), in plain words. */
export const CJ_EVENT_OPTIONS = [
  { value: 'ARREST', text: 'Arrest' },
  { value: 'INTERVIEW_UNDER_CAUTION', text: 'Interview under caution' },
  { value: 'RELEASED', text: 'Released' },
  { value: 'BAILED', text: 'Bailed' },
  { value: 'BAIL_CONDITIONS_CHANGED', text: 'Bail conditions changed' },
  { value: 'CHARGED', text: 'Charged' },
  { value: 'NO_FURTHER_ACTION', text: 'No further action' },
  { value: 'OTHER', text: 'Another criminal-justice step' },
] as const;

export const cjEventText = (code: string | null | undefined) =>
  CJ_EVENT_OPTIONS.find((o) => o.value === code)?.text ?? code ?? '';
