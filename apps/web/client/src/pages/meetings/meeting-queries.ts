import { graphql } from '../../generated';

export const MEETING = graphql(`
  query Meeting($id: ID!) {
    meeting(id: $id) {
      id
      clinicId
      kind
      status
      title
      startsAt
      endsAt
      place
      virtualLink
      confidentialityStatement
      referralDeadlineOn
      agendaPublicationDueOn
      agendaPublishedAt
      agendaPublicationLate
      minutesApprovedAt
      cancelReason
      version
      attendees {
        id
        userId
        agencyId
        status
        informationSubmitted
        confidentialityAcceptedAt
      }
      myAttendance {
        id
        status
        confidentialityAcceptedAt
      }
      executiveSummary {
        overview
      }
      agenda {
        __typename
        id
        position
        startsAt
        durationMinutes
        restricted
        ... on AgendaItem {
          caseId
          kind
          title
          deferralReason
          deferralNote
          minutes
          summary
          nextReviewOn
          version
          case {
            id
            reference
          }
          contributionStatus {
            agencyId
            submitted
            missing
          }
          contributions {
            id
            agencyId
            text
            submittedAt
          }
          recommendations {
            id
            category
            text
            rationale
            status
            version
            dissents {
              agencyId
              reason
            }
          }
          actions {
            id
            title
            ownerAgencyId
            dueOn
            priority
            status
            version
          }
          addenda {
            id
            reason
            text
            createdAt
          }
        }
      }
    }
    agencies {
      id
      name
      type
    }
  }
`);
