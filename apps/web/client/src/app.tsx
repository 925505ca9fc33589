import { useEffect, useState } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { ApolloProvider, useQuery } from '@apollo/client/react';
import { graphql } from './generated';
import { createApolloClient } from './lib/apollo';
import { MeContext } from './lib/me';
import { fetchSession, sessionEnded, signInPath, type SessionInfo } from './lib/session';
import { Layout } from './components/layout';
import { Loading } from './components/govuk';
import { Page } from './components/page';
import { DemoSignInPage, OidcSignInPage, SignedOutPage } from './pages/sign-in';
import { HomePage } from './pages/home';
import { MeetingsPage } from './pages/meetings/meetings-list';
import { ScheduleMeetingPage } from './pages/meetings/schedule-meeting';
import { MeetingPage } from './pages/meetings/meeting';
import { RunMeetingPage } from './pages/meetings/run-meeting';
import { ClinicPackPage } from './pages/meetings/clinic-pack';
import { ReferralsInboxPage } from './pages/referrals/referrals-inbox';
import { ReferralPage } from './pages/referrals/referral';
import { MakeReferralPage } from './pages/referrals/make-referral';
import { ChangeReferralPage, WithdrawReferralPage } from './pages/referrals/change-referral';
import { CasesPage } from './pages/cases/cases-list';
import { CasePage } from './pages/cases/case';
import { AuditLogPage } from './pages/audit/audit-log';
import { BreakGlassPage } from './pages/audit/break-glass';
import { SubjectAccessPage } from './pages/audit/subject-access';
import { ContributeAssessmentPage } from './pages/cases/contribute-assessment';
import { CloseCasePage } from './pages/cases/close-case';
import { EscalateCasePage } from './pages/cases/escalate-case';
import { ReopenCasePage } from './pages/cases/reopen-case';
import { ClosureVictimViewPage } from './pages/cases/closure-victim-view';
import { ParticipantsPage } from './pages/cases/participants';
import { PersonPage } from './pages/cases/person-form';
import { NextReviewPage } from './pages/cases/next-review';
import { AgreeRiskLevelPage } from './pages/cases/agree-risk-level';
import { RecordBreachPage } from './pages/cases/record-breach';
import { BreachPage } from './pages/cases/breach';
import { RecordCriminalJusticeEventPage } from './pages/cases/criminal-justice';
import { PoliceRecordsPage } from './pages/cases/partner/police-records';
import { ProbationRecordsPage } from './pages/cases/partner/probation-records';
import { MentalHealthRecordsPage } from './pages/cases/partner/mental-health-records';
import { AdvocacyRecordsPage } from './pages/cases/partner/advocacy-records';
import { OrderPage, RecordOrderPage } from './pages/cases/orders';
import { VictimLocationsPage } from './pages/cases/victim-locations';
import { DocumentDownloadPage, UploadDocumentPage } from './pages/cases/documents';
import { ActionsPage } from './pages/actions/actions-list';
import { ActionPage } from './pages/actions/action';
import { VictimUpdatesPage } from './pages/victim-updates';
import { AdminPage } from './pages/admin/admin';
import { NotificationsPage } from './pages/notifications';
import { NotificationPreferencesPage } from './pages/notification-preferences';

const ME = graphql(`
  query Me {
    me {
      userId
      displayName
      agency {
        id
        name
        type
      }
      roles
      clinics {
        id
        code
        name
      }
    }
  }
`);

const PUBLIC_PATHS = ['/auth/demo', '/sign-in', '/signed-out'];

export function App() {
  const location = useLocation();
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [problem, setProblem] = useState(false);
  useEffect(() => {
    fetchSession()
      .then(setSession)
      .catch(() => setProblem(true));
  }, []);
  if (problem)
    return (
      <Layout me={null}>
        <Page title="Sorry, there is a problem with the service">
          <p className="govuk-body">Try again later.</p>
        </Page>
      </Layout>
    );
  if (!session)
    return (
      <Layout me={null}>
        <Loading what="service" />
      </Layout>
    );
  const publicPage = PUBLIC_PATHS.includes(location.pathname);
  if (publicPage || !session.signedIn)
    return (
      <Layout me={null}>
        <Routes>
          <Route path="/auth/demo" element={<DemoSignInPage mode={session.mode} />} />
          <Route path="/sign-in" element={<OidcSignInPage mode={session.mode} />} />
          <Route path="/signed-out" element={<SignedOutPage mode={session.mode} />} />
          <Route path="*" element={<Redirect to={signInPath(session.mode)} />} />
        </Routes>
      </Layout>
    );
  return <SignedIn session={session} />;
}

function Redirect({ to }: { to: string }) {
  useEffect(() => window.location.replace(to), [to]);
  return <Loading what="sign-in page" />;
}

function SignedIn({ session }: { session: SessionInfo }) {
  const [client] = useState(() => createApolloClient(session.mode));
  // The session ends with the token: send the user to sign in again then, not at their next click.
  useEffect(() => {
    if (!session.expiresAt) return;
    const ms = new Date(session.expiresAt).getTime() - Date.now();
    const timer = window.setTimeout(() => sessionEnded(session.mode), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    return () => window.clearTimeout(timer);
  }, [session]);
  return (
    <ApolloProvider client={client}>
      <WithMe />
    </ApolloProvider>
  );
}

function WithMe() {
  const { data, error } = useQuery(ME);
  if (!data?.me)
    return (
      <Layout me={null}>
        {error ? (
          <Page title="Sorry, there is a problem with the service">
            <p className="govuk-body">Try again later.</p>
          </Page>
        ) : (
          <Loading what="service" />
        )}
      </Layout>
    );
  return (
    <MeContext.Provider value={data.me}>
      <Layout me={data.me}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/audit" element={<AuditLogPage />} />
          <Route path="/audit/break-glass" element={<BreakGlassPage />} />
          <Route path="/audit/subject-access" element={<SubjectAccessPage />} />
          <Route path="/meetings" element={<MeetingsPage />} />
          <Route path="/meetings/new" element={<ScheduleMeetingPage />} />
          <Route path="/meetings/:id" element={<MeetingPage />} />
          <Route path="/meetings/:id/run" element={<RunMeetingPage />} />
          <Route path="/meetings/:id/minutes" element={<RunMeetingPage />} />
          <Route path="/meetings/:id/pack" element={<ClinicPackPage />} />
          <Route path="/referrals" element={<ReferralsInboxPage />} />
          <Route path="/referrals/new/*" element={<MakeReferralPage />} />
          <Route path="/referrals/:id" element={<ReferralPage />} />
          <Route path="/referrals/:id/change" element={<ChangeReferralPage />} />
          <Route path="/referrals/:id/withdraw" element={<WithdrawReferralPage />} />
          <Route path="/cases" element={<CasesPage />} />
          <Route path="/cases/:id" element={<CasePage />} />
          <Route path="/cases/:id/assessment" element={<ContributeAssessmentPage />} />
          <Route path="/cases/:id/close" element={<CloseCasePage />} />
          <Route path="/cases/:id/escalate" element={<EscalateCasePage />} />
          <Route path="/cases/:id/reopen" element={<ReopenCasePage />} />
          <Route path="/cases/:id/closure-view" element={<ClosureVictimViewPage />} />
          <Route path="/cases/:id/participants" element={<ParticipantsPage />} />
          <Route path="/cases/:id/people/:personId" element={<PersonPage />} />
          <Route path="/cases/:id/next-review" element={<NextReviewPage />} />
          <Route path="/cases/:id/risk-level" element={<AgreeRiskLevelPage />} />
          <Route path="/cases/:id/breach" element={<RecordBreachPage />} />
          <Route path="/cases/:id/breaches/:breachId" element={<BreachPage />} />
          <Route path="/cases/:id/criminal-justice" element={<RecordCriminalJusticeEventPage />} />
          <Route path="/cases/:id/police-records" element={<PoliceRecordsPage />} />
          <Route path="/cases/:id/probation-records" element={<ProbationRecordsPage />} />
          <Route path="/cases/:id/mental-health-records" element={<MentalHealthRecordsPage />} />
          <Route path="/cases/:id/advocacy-records" element={<AdvocacyRecordsPage />} />
          <Route path="/cases/:id/orders/new" element={<RecordOrderPage />} />
          <Route path="/cases/:id/victims/:personId/locations" element={<VictimLocationsPage />} />
          <Route path="/cases/:id/orders/:orderId" element={<OrderPage />} />
          <Route path="/cases/:id/documents/new" element={<UploadDocumentPage />} />
          <Route path="/cases/:id/documents/:documentId" element={<DocumentDownloadPage />} />
          <Route path="/actions" element={<ActionsPage />} />
          <Route path="/actions/:id" element={<ActionPage />} />
          <Route path="/victim-updates" element={<VictimUpdatesPage />} />
          <Route path="/admin" element={<AdminPage />} />
          <Route path="/notifications" element={<NotificationsPage />} />
          <Route path="/notifications/preferences" element={<NotificationPreferencesPage />} />
          <Route
            path="*"
            element={
              <Page title="Page not found">
                <p className="govuk-body">If you typed the web address, check it is correct.</p>
              </Page>
            }
          />
        </Routes>
      </Layout>
    </MeContext.Provider>
  );
}
