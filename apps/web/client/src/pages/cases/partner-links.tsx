import { ButtonLink } from '../../components/govuk';
import { abilities, type Me } from '../../lib/me';

/**
 * Where each partner writes its part of the case (police, probation, mental health, the victim's
 * advocate): only on an open case its agency takes part in. The API checks every save again.
 */
export function PartnerRecordLinks({
  caseId,
  me,
  open,
  participates,
}: {
  caseId: string;
  me: Me;
  open: boolean;
  participates: boolean;
}) {
  const can = abilities(me);
  if (!open || !participates) return null;
  return (
    <>
      {can.police && (
        <ButtonLink to={`/cases/${caseId}/criminal-justice`} secondary>
          Record an arrest, charge or bail
        </ButtonLink>
      )}
      {can.police && (
        <ButtonLink to={`/cases/${caseId}/police-records`} secondary>
          Police summary and intelligence
        </ButtonLink>
      )}
      {can.probation && (
        <ButtonLink to={`/cases/${caseId}/probation-records`} secondary>
          Probation summary and detail
        </ButtonLink>
      )}
      {can.mentalHealth && (
        <ButtonLink to={`/cases/${caseId}/mental-health-records`} secondary>
          Formulation and clinical records
        </ButtonLink>
      )}
      {can.advocate && (
        <ButtonLink to={`/cases/${caseId}/advocacy-records`} secondary>
          Victim’s voice and advocacy records
        </ButtonLink>
      )}
    </>
  );
}
