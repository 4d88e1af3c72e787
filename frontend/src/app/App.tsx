import { lazy, Suspense } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { useTranslation } from "react-i18next";
import { Layout } from "../components/Layout";
import { AcceptInvitationPage } from "../features/auth/AcceptInvitationPage";
import { LoginPage } from "../features/auth/LoginPage";
import { ForgotPasswordPage, ResetPasswordPage } from "../features/auth/PasswordResetPages";
import { ChannelPage } from "../features/chat/ChannelPage";
import { ChatPage } from "../features/chat/ChatPanel";
import { TranslatePage } from "../features/chat/TranslatePage";
import { HomePage } from "../features/home/HomePage";
import { PlanTimelinePage } from "../features/journeys/JourneyPanels";
import { OutboxProvider } from "../offline/OutboxProvider";
import { ModuleLibraryPage } from "../features/modules/ModuleLibraryPage";
import { ModulePage } from "../features/modules/ModulePage";
import { ModuleReportsPage } from "../features/modules/ModuleReportsPage";
import { LanguagePage } from "../features/language/LanguagePage";
import { TranslatePage } from "../features/translation/TranslatePage";
import { SessionProvider, useSession } from "./session";

// Each screen is its own chunk: a newcomer's phone downloads the home screen, not HR's forms.
const LoginPage = lazy(() => import("../features/auth/LoginPage").then((m) => ({ default: m.LoginPage })));
const AcceptInvitationPage = lazy(() =>
  import("../features/auth/AcceptInvitationPage").then((m) => ({ default: m.AcceptInvitationPage })),
);
const ForgotPasswordPage = lazy(() =>
  import("../features/auth/PasswordResetPages").then((m) => ({ default: m.ForgotPasswordPage })),
);
const ResetPasswordPage = lazy(() =>
  import("../features/auth/PasswordResetPages").then((m) => ({ default: m.ResetPasswordPage })),
);
const HomePage = lazy(() => import("../features/home/HomePage").then((m) => ({ default: m.HomePage })));

function Loading() {
  const { t } = useTranslation();
  return <p className="status" role="status">{t("common.loading")}</p>;
}

function Protected({ children }: { children: React.ReactNode }) {
  const { me, loading } = useSession();
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login" replace />;
  return <>{children}</>;
}

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Layout>
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
            <Route path="/chat/:id" element={<Protected><ChannelPage /></Protected>} />
            <Route path="/translate" element={<Protected><TranslatePage /></Protected>} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Layout>
      </BrowserRouter>
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
                <Route path="*" element={<Navigate to="/" replace />} />
              </Routes>
            </Suspense>
          </Layout>
        </BrowserRouter>
      </OutboxProvider>
    </SessionProvider>
  );
}
