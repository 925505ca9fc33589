import { graphql } from '../../generated';

/**
 * Every section a case page can show. Fields the reader may not see come back null (with a
 * FORBIDDEN error on their path, which the page ignores): such a section is simply left out.
 */
export const CASE = graphql(`
  query CasePage($id: ID!) {
    case(id: $id) {
      id
      reference
      status
      tier
      cjStatus
      agreedRiskLevel
      nextReviewOn
      closedAt
      version
      createdAt
      urgentReviewRequested
      urgentReviewRequestedAt
      openActionsCount
      lifecycle {
        id
        kind
        occurredAt
        fromStatus
        toStatus
        meetingStartsAt
        riskLevel
        nextReviewOn
      }
      urgentReviews {
        id
        requestedAt
        dueBy
        clearedAt
        clearedByMeetingId
        escalatedAt
      }
      clinic {
        id
        name
      }
      leadAgency {
        id
        name
      }
      participants {
        id
        agency {
          id
          name
        }
        roleInCase
        leftAt
      }
      subject {
        id
        version
        givenName
        familyName
        otherNames
        dateOfBirth
        proximityConcern
      }
      victims {
        id
        version
        alias
        relationshipToSubject
        ageBand
        givenName
        familyName
        voice {
          sharedSummary
          safetyPlanSummary
        }
      }
      assessments {
        id
        tool
        toolVersion
        status
        assessedOn
        score
        highRisk
        concernLevel
        rationale
        submittedAt
        judgements {
          violence
          persistence
          recurrence
          psychosocialDamage
        }
        authorAgency {
          id
          name
        }
      }
      riskHistory {
        id
        level
        rationale
        agreedAt
        agreedByAgency {
          name
        }
      }
      formulation {
        summary
        recommendations
        victimSafety
      }
      policeSummary {
        relevantHistory
        investigationStatus
        bailConditions
        arrests
      }
      probationSummary {
        orderType
        supervisionStatus
        compliance
        conditions {
          text
        }
        victimConditions {
          text
        }
      }
      escalations {
        id
        target
        mappaLevel
        externalReference
        escalatedOn
      }
      reopenedAs {
        id
        reference
      }
      closure {
        closedAt
        rationale
      }
      orders {
        id
        typeCode
        status
        servedOn
        fixedEndOn
        untilFurtherOrder
        inForce
        notificationDueBy
        notificationMissed
        type {
          name
        }
        conditions {
          id
          servedText
        }
      }
      documents {
        id
        filename
        category
        sizeBytes
        uploadedAt
        purposeRequired
        ownerAgency {
          name
        }
      }
      victimUpdates {
        id
        trigger
        dueBy
        overdue
        deliveredAt
      }
      criminalJusticeEvents {
        id
        type
        occurredAt
      }
      breaches {
        total
        unresolved
        nodes {
          id
          occurredAt
          type
          crimeReference
          approvalStatus
          description
        }
      }
      meetings {
        id
        title
        startsAt
        status
      }
      actions {
        id
        title
        ownerAgencyId
        dueOn
        status
        overdue
      }
      recommendations {
        id
        text
        status
        category
      }
      referral {
        id
        reference
        submittedAt
      }
    }
    agencies {
      id
      name
    }
  }
`);
