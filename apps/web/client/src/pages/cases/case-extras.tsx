import type { CasePageQuery } from '../../generated/graphql';
import { ButtonLink } from '../../components/govuk';
import { abilities, type Me } from '../../lib/me';

type Case = NonNullable<CasePageQuery['case']>;

/**
 * What the signed-in role may do to the case beyond the everyday forms, as the API allows it:
 * escalate (the chair, or a police SPOC whose agency takes part), reopen a closed case as a repeat
 * (the chair or coordinator), change who takes part (the chair or coordinator), record the
 * victim's view of closure (an advocate whose agency takes part), add a person (police: anyone;
 * an advocate: victims and third parties, when their agency takes part).
 */
export function caseExtras(c: Case, me: Me) {
  const can = abilities(me);
  const open = c.status !== 'CLOSED';
  const participates = Boolean(c.participants?.some((p) => p.agency?.id === me.agency.id && !p.leftAt));
  return {
    escalate: open && (can.chair || (can.police && participates)),
    reopen: !open && can.clinicStaff && !c.reopenedAs,
    participants: open && can.clinicStaff,
    closureView: open && can.advocate && participates,
    people: open && (can.police || can.advocate) && participates,
    /** Which people the reader may add and change: the subject (police) and victims (police, advocates). */
    personRoles: (can.police ? ['SUBJECT', 'VICTIM', 'THIRD_PARTY'] : ['VICTIM', 'THIRD_PARTY']) as (
      'SUBJECT' | 'VICTIM' | 'THIRD_PARTY'
    )[],
  };
}

export function CaseExtraLinks({ c, me }: { c: Case; me: Me }) {
  const may = caseExtras(c, me);
  return (
    <>
      {may.escalate && (
        <ButtonLink to={`/cases/${c.id}/escalate`} secondary>
          Escalate to MAPPA or MARAC
        </ButtonLink>
      )}
      {may.participants && (
        <ButtonLink to={`/cases/${c.id}/participants`} secondary>
          Change the agencies taking part
        </ButtonLink>
      )}
      {may.people && (
        <ButtonLink to={`/cases/${c.id}/people/new`} secondary>
          Add a person
        </ButtonLink>
      )}
      {may.closureView && (
        <ButtonLink to={`/cases/${c.id}/closure-view`} secondary>
          Record the victim’s view of closure
        </ButtonLink>
      )}
      {may.reopen && (
        <ButtonLink to={`/cases/${c.id}/reopen`} secondary>
          Reopen as a repeat case
        </ButtonLink>
      )}
    </>
  );
}
