import { PURPOSE_REASON_OPTIONS } from '../lib/purpose';
import { Select, TextInput } from './govuk';

/**
 * A stated purpose: a reason from the list and a sentence (ids `${id}-reason` and `id`, the
 * names the API's download endpoint reads when the form is sent as a GET).
 */
export function PurposeFields({
  id,
  label,
  hint,
  reason,
  onReason,
  text,
  onText,
  errors,
  names,
}: {
  id: string;
  label: string;
  hint?: string;
  reason: string;
  onReason: (v: string) => void;
  text: string;
  onText: (v: string) => void;
  errors: { field?: string; message: string }[];
  /** Form field names, when they must differ from the ids (a GET form's query parameters). */
  names?: { reason: string; text: string };
}) {
  const error = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <>
      <Select
        id={`${id}-reason`}
        name={names?.reason}
        label={label}
        value={reason}
        onChange={onReason}
        error={error(`${id}-reason`)}
        options={[{ value: '', text: 'Choose a reason' }, ...PURPOSE_REASON_OPTIONS]}
      />
      <TextInput
        id={id}
        name={names?.text}
        label="Say why, in a sentence"
        hint={hint}
        value={text}
        onChange={onText}
        error={error(id)}
      />
    </>
  );
}
