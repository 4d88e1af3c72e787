import { lazy, Suspense } from "react";
import { QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { queryClient } from "../api/query";
import { Layout } from "../components/Layout";
import { ScreenBoundary } from "../components/ScreenBoundary";
import { useUnreadCount } from "../features/notifications";
import { RoleGate } from "../features/settings/RoleGate";
import { PAGE_ROLES, type PagePath } from "./access";
import { OutboxProvider } from "../offline/OutboxProvider";
import { SessionProvider, useSession } from "./session";
import { Loading } from "../components/Status";
import { loadLaterCatalog } from "../i18n";

// Each screen is its own chunk: a newcomer's phone downloads the home screen, not HR's forms.
// The first screens (logging in, home) need only the first part of the catalog, which is there
// before anything renders; every other screen waits for the rest too (i18n/parts.ts).
const firstPage = <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) =>
  lazy(() => load().then((module) => ({ default: module[name] })));
const page = <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) =>
  lazy(() => Promise.all([load(), loadLaterCatalog()]).then(([module]) => ({ default: module[name] })));

const LoginPage = firstPage(() => import("../features/auth/LoginPage"), "LoginPage");
const AcceptInvitationPage = firstPage(() => import("../features/auth/AcceptInvitationPage"), "AcceptInvitationPage");
const ForgotPasswordPage = firstPage(() => import("../features/auth/PasswordResetPages"), "ForgotPasswordPage");
const ResetPasswordPage = firstPage(() => import("../features/auth/PasswordResetPages"), "ResetPasswordPage");
const HomePage = firstPage(() => import("../features/home/HomePage"), "HomePage");
const PlanTimelinePage = page(() => import("../features/journeys/JourneyPanels"), "PlanTimelinePage");
const ModuleLibraryPage = page(() => import("../features/modules/ModuleLibraryPage"), "ModuleLibraryPage");
const ModuleReportsPage = page(() => import("../features/modules/ModuleReportsPage"), "ModuleReportsPage");
const ModulePage = page(() => import("../features/modules/ModulePage"), "ModulePage");
const LanguagePage = page(() => import("../features/language/LanguagePage"), "LanguagePage");
const TranslatePage = page(() => import("../features/translation/TranslatePage"), "TranslatePage");
const ChatPage = page(() => import("../features/chat/ChatPanel"), "ChatPage");
const ChannelPage = page(() => import("../features/chat/ChannelPage"), "ChannelPage");
const WritingHelperPage = page(() => import("../features/chat/WritingHelperPage"), "WritingHelperPage");
const ChecklistsPage = page(() => import("../features/checklists/ChecklistsPage"), "ChecklistsPage");
const BoardPage = page(() => import("../features/checklists/BoardPage"), "BoardPage");
const NewNewcomerPage = page(() => import("../features/newcomers/NewcomerPages"), "NewNewcomerPage");
const EditNewcomerPage = page(() => import("../features/newcomers/NewcomerPages"), "EditNewcomerPage");
const ImportPage = page(() => import("../features/arrivals/ImportPage"), "ImportPage");
const CohortPage = page(() => import("../features/arrivals/CohortPage"), "CohortPage");
const PrivacyPage = page(() => import("../features/privacy/PrivacyPage"), "PrivacyPage");
const TwoFactorPage = page(() => import("../features/privacy/TwoFactorPage"), "TwoFactorPage");
const TranslationSettingsPage = page(
  () => import("../features/translation/TranslationSettingsPage"),
  "TranslationSettingsPage",
);
const NotificationsPage = page(() => import("../features/notifications/NotificationList"), "NotificationsPage");
const MePage = page(() => import("../features/me/MePage"), "MePage");
const TermsPage = page(() => import("../features/terms/TermsPage"), "TermsPage");
const SearchPage = page(() => import("../features/search/SearchPage"), "SearchPage");
const FeedbackReportPage = page(() => import("../features/feedback/FeedbackReportPage"), "FeedbackReportPage");
const SignInSettingsPage = page(() => import("../features/signin/SignInSettingsPage"), "SignInSettingsPage");
const PrivacyAdminPage = page(() => import("../features/privacy/PrivacyAdminPage"), "PrivacyAdminPage");

/** Signed in, second factor done, and a role that may use the page (else "not allowed", no API calls). */
function Protected({ page: path, children }: { page: PagePath; children: React.ReactNode }) {
  const { me, loading } = useSession();
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login" replace />;
  if (me.two_factor.required && !me.two_factor.verified) return <TwoFactorPage />;
  return (
    <RoleGate allowed={PAGE_ROLES[path]} body="shell.notAllowed.body">
      {children}
    </RoleGate>
  );
}

/** The shared Layout with what only the app layer may know: the unread count from the
 * notifications feature (components under src/components never import a feature). */
function Shell({ children }: { children: React.ReactNode }) {
  const { me } = useSession();
  const unread = useUnreadCount(!!me);
  return <Layout unread={unread}>{children}</Layout>;
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <OutboxProvider>
          <BrowserRouter>
            <Shell>
              <ScreenBoundary>
                <Suspense fallback={<Loading />}>
                  <Routes>
                    <Route path="/login" element={<LoginPage />} />
                    <Route path="/forgot-password" element={<ForgotPasswordPage />} />
                    <Route path="/reset-password/:uid/:token" element={<ResetPasswordPage />} />
                    <Route path="/invite/:token" element={<AcceptInvitationPage />} />
                    <Route path="/" element={<Protected page="/"><HomePage /></Protected>} />
                    <Route path="/me" element={<Protected page="/me"><MePage /></Protected>} />
                    <Route path="/notifications" element={<Protected page="/notifications"><NotificationsPage /></Protected>} />
                    <Route path="/journeys/plans/:planId" element={<Protected page="/journeys/plans/:planId"><PlanTimelinePage /></Protected>} />
                    <Route path="/modules" element={<Protected page="/modules"><ModuleLibraryPage /></Protected>} />
                    <Route path="/modules/reports" element={<Protected page="/modules/reports"><ModuleReportsPage /></Protected>} />
                    <Route path="/modules/:slug" element={<Protected page="/modules/:slug"><ModulePage /></Protected>} />
                    <Route path="/language" element={<Protected page="/language"><LanguagePage /></Protected>} />
                    <Route path="/translation" element={<Protected page="/translation"><TranslatePage /></Protected>} />
                    <Route path="/chat" element={<Protected page="/chat"><ChatPage /></Protected>} />
                    <Route path="/chat/helper" element={<Protected page="/chat/helper"><WritingHelperPage /></Protected>} />
                    <Route path="/chat/:id" element={<Protected page="/chat/:id"><ChannelPage /></Protected>} />
                    <Route path="/checklists" element={<Protected page="/checklists"><ChecklistsPage /></Protected>} />
                    <Route path="/checklists/board" element={<Protected page="/checklists/board"><BoardPage /></Protected>} />
                    <Route path="/newcomers/new" element={<Protected page="/newcomers/new"><NewNewcomerPage /></Protected>} />
                    <Route path="/newcomers/:id" element={<Protected page="/newcomers/:id"><EditNewcomerPage /></Protected>} />
                    <Route path="/arrivals/import" element={<Protected page="/arrivals/import"><ImportPage /></Protected>} />
                    <Route path="/arrivals/cohort" element={<Protected page="/arrivals/cohort"><CohortPage /></Protected>} />
                    <Route path="/privacy" element={<Protected page="/privacy"><PrivacyPage /></Protected>} />
                    <Route path="/settings/translation" element={<Protected page="/settings/translation"><TranslationSettingsPage /></Protected>} />
                    <Route path="/settings/privacy" element={<Protected page="/settings/privacy"><PrivacyAdminPage /></Protected>} />
                    <Route path="/settings/sign-in" element={<Protected page="/settings/sign-in"><SignInSettingsPage /></Protected>} />
                    <Route path="/terms" element={<Protected page="/terms"><TermsPage /></Protected>} />
                    <Route path="/search" element={<Protected page="/search"><SearchPage /></Protected>} />
                    <Route path="/feedback" element={<Protected page="/feedback"><FeedbackReportPage /></Protected>} />
                    <Route path="*" element={<Navigate to="/" replace />} />
                  </Routes>
                </Suspense>
              </ScreenBoundary>
            </Shell>
          </BrowserRouter>
        </OutboxProvider>
      </SessionProvider>
    </QueryClientProvider>
  );
}
