import { lazy, Suspense } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { Layout } from "../components/Layout";
import { OutboxProvider } from "../offline/OutboxProvider";
import { SessionProvider, useSession } from "./session";
import { Loading } from "../components/Status";

// Each screen is its own chunk: a newcomer's phone downloads the home screen, not HR's forms.
const page = <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) =>
  lazy(() => load().then((module) => ({ default: module[name] })));

const LoginPage = page(() => import("../features/auth/LoginPage"), "LoginPage");
const AcceptInvitationPage = page(() => import("../features/auth/AcceptInvitationPage"), "AcceptInvitationPage");
const ForgotPasswordPage = page(() => import("../features/auth/PasswordResetPages"), "ForgotPasswordPage");
const ResetPasswordPage = page(() => import("../features/auth/PasswordResetPages"), "ResetPasswordPage");
const HomePage = page(() => import("../features/home/HomePage"), "HomePage");
const PlanTimelinePage = page(() => import("../features/journeys/JourneyPanels"), "PlanTimelinePage");
const ModuleLibraryPage = page(() => import("../features/modules/ModuleLibraryPage"), "ModuleLibraryPage");
const ModuleReportsPage = page(() => import("../features/modules/ModuleReportsPage"), "ModuleReportsPage");
const ModulePage = page(() => import("../features/modules/ModulePage"), "ModulePage");
const LanguagePage = page(() => import("../features/language/LanguagePage"), "LanguagePage");
const TranslatePage = page(() => import("../features/translation/TranslatePage"), "TranslatePage");
const ChatPage = page(() => import("../features/chat/ChatPanel"), "ChatPage");
const ChannelPage = page(() => import("../features/chat/ChannelPage"), "ChannelPage");
const WritingHelperPage = page(() => import("../features/chat/TranslatePage"), "TranslatePage");
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
const PrivacyAdminPage = page(() => import("../features/privacy/PrivacyAdminPage"), "PrivacyAdminPage");

function Protected({ children }: { children: React.ReactNode }) {
  const { me, loading } = useSession();
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login" replace />;
  if (me.two_factor.required && !me.two_factor.verified) return <TwoFactorPage />;
  return <>{children}</>;
}

export function App() {
  return (
    <SessionProvider>
      <OutboxProvider>
        <BrowserRouter>
          <Layout>
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route path="/forgot-password" element={<ForgotPasswordPage />} />
                <Route path="/reset-password/:uid/:token" element={<ResetPasswordPage />} />
                <Route path="/invite/:token" element={<AcceptInvitationPage />} />
                <Route path="/" element={<Protected><HomePage /></Protected>} />
                <Route path="/journeys/plans/:planId" element={<Protected><PlanTimelinePage /></Protected>} />
                <Route path="/modules" element={<Protected><ModuleLibraryPage /></Protected>} />
                <Route path="/modules/reports" element={<Protected><ModuleReportsPage /></Protected>} />
                <Route path="/modules/:slug" element={<Protected><ModulePage /></Protected>} />
                <Route path="/language" element={<Protected><LanguagePage /></Protected>} />
                <Route path="/translation" element={<Protected><TranslatePage /></Protected>} />
                <Route path="/chat" element={<Protected><ChatPage /></Protected>} />
                <Route path="/chat/helper" element={<Protected><WritingHelperPage /></Protected>} />
                <Route path="/chat/:id" element={<Protected><ChannelPage /></Protected>} />
                <Route path="/checklists" element={<Protected><ChecklistsPage /></Protected>} />
                <Route path="/checklists/board" element={<Protected><BoardPage /></Protected>} />
                <Route path="/newcomers/new" element={<Protected><NewNewcomerPage /></Protected>} />
                <Route path="/newcomers/:id" element={<Protected><EditNewcomerPage /></Protected>} />
                <Route path="/arrivals/import" element={<Protected><ImportPage /></Protected>} />
                <Route path="/arrivals/cohort" element={<Protected><CohortPage /></Protected>} />
                <Route path="/privacy" element={<Protected><PrivacyPage /></Protected>} />
                <Route path="/settings/translation" element={<Protected><TranslationSettingsPage /></Protected>} />
                <Route path="/settings/privacy" element={<Protected><PrivacyAdminPage /></Protected>} />
                <Route path="*" element={<Navigate to="/" replace />} />
              </Routes>
            </Suspense>
          </Layout>
        </BrowserRouter>
      </OutboxProvider>
    </SessionProvider>
  );
}
