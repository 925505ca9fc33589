import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { MeetingQuery } from '../../generated/graphql';
import { ErrorSummary, Tag } from '../../components/govuk';
import { label } from '../../lib/labels';
import { useApiForm } from '../../lib/use-api-form';
import type { Agencies } from './recommendation';

const ATTENDANCE = graphql(`
  mutation RecordAttendance($input: RecordAttendanceInput!) {
    recordAttendance(input: $input) {
      id
      status
    }
  }
`);
const INFORMATION = graphql(`
  mutation SetInformationSubmitted($input: InformationSubmittedInput!) {
    setInformationSubmitted(input: $input) {
      id
      informationSubmitted
    }
  }
`);

const STATUSES = ['INVITED', 'PRESENT', 'OBSERVER', 'APOLOGIES', 'ABSENT'];

/**
 * Who attends: the officers record attendance while the meeting runs, and whether each agency
 * submitted its information; each save is confirmed in a status message screen readers announce.
 */
export function AttendanceTable({
  meeting: m,
  agencies,
  officer,
  onDone,
}: {
  meeting: MeetingQuery['meeting'];
  agencies: Agencies;
  officer: boolean;
  onDone: () => unknown;
}) {
  const [attendance] = useMutation(ATTENDANCE);
  const [information] = useMutation(INFORMATION);
  const form = useApiForm();
  const [saved, setSaved] = useState<string>();
  const agencyName = (aid: string | null | undefined) =>
    agencies.find((a) => a.id === aid)?.name ?? 'Unknown agency';
  const live = officer && m.status === 'IN_PROGRESS';
  const minutesOpen = officer && (m.status === 'IN_PROGRESS' || m.status === 'MINUTES_DRAFT');
  const run = async (message: string, fn: () => Promise<unknown>) => {
    setSaved(undefined);
    const ok = await form.submit([], fn);
    await onDone();
    if (ok) setSaved(message);
  };
  return (
    <>
      <h2 className="govuk-heading-m">Attendance</h2>
      <ErrorSummary errors={form.errors} />
      <p className="govuk-body" role="status" data-testid="attendance-status">
        {saved}
      </p>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-visually-hidden">Attendance</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Agency
            </th>
            <th scope="col" className="govuk-table__header">
              Confidentiality statement
            </th>
            <th scope="col" className="govuk-table__header">
              Attendance
            </th>
            <th scope="col" className="govuk-table__header">
              Information submitted
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {m.attendees.map((a, i) => (
            <tr className="govuk-table__row" key={a.id}>
              <th scope="row" className="govuk-table__header">
                {agencyName(a.agencyId)}
              </th>
              <td className="govuk-table__cell">
                {a.confidentialityAcceptedAt ? (
                  <Tag code="COMPLETED" text="Accepted" />
                ) : (
                  <Tag code="DRAFT" text="Not accepted" />
                )}
              </td>
              <td className="govuk-table__cell">
                {live ? (
                  <>
                    <label className="govuk-visually-hidden" htmlFor={`attendance-${i}`}>
                      Attendance of {agencyName(a.agencyId)}
                    </label>
                    <select
                      id={`attendance-${i}`}
                      className="govuk-select"
                      value={a.status}
                      onChange={(e) => {
                        const next = e.target.value;
                        void run(`Attendance saved: ${agencyName(a.agencyId)} – ${label(next)}`, () =>
                          attendance({
                            variables: { input: { attendeeId: a.id, status: next as 'PRESENT' } },
                          }),
                        );
                      }}
                    >
                      {STATUSES.map((s) => (
                        <option value={s} key={s}>
                          {label(s)}
                        </option>
                      ))}
                    </select>
                  </>
                ) : (
                  label(a.status)
                )}
              </td>
              <td className="govuk-table__cell">
                {minutesOpen ? (
                  <div className="govuk-checkboxes govuk-checkboxes--small">
                    <div className="govuk-checkboxes__item">
                      <input
                        className="govuk-checkboxes__input"
                        type="checkbox"
                        id={`information-${i}`}
                        checked={!!a.informationSubmitted}
                        onChange={(e) => {
                          const submitted = e.target.checked;
                          void run(
                            `${agencyName(a.agencyId)}: information ${submitted ? 'submitted' : 'not submitted'}`,
                            () => information({ variables: { input: { attendeeId: a.id, submitted } } }),
                          );
                        }}
                      />
                      <label className="govuk-label govuk-checkboxes__label" htmlFor={`information-${i}`}>
                        Submitted<span className="govuk-visually-hidden"> by {agencyName(a.agencyId)}</span>
                      </label>
                    </div>
                  </div>
                ) : a.informationSubmitted ? (
                  'Yes'
                ) : (
                  'No'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
