import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { useTranslation } from "react-i18next";
import { Layout } from "../components/Layout";
import { AcceptInvitationPage } from "../features/auth/AcceptInvitationPage";
import { LoginPage } from "../features/auth/LoginPage";
import { ForgotPasswordPage, ResetPasswordPage } from "../features/auth/PasswordResetPages";
import { HomePage } from "../features/home/HomePage";
import { PrivacyPage } from "../features/privacy/PrivacyPage";
import { TwoFactorPage } from "../features/privacy/TwoFactorPage";
import { SessionProvider, useSession } from "./session";

function Protected({ children }: { children: React.ReactNode }) {
  const { me, loading } = useSession();
  const { t } = useTranslation();
  if (loading) return <p className="status" role="status">{t("common.loading")}</p>;
  if (!me) return <Navigate to="/login" replace />;
  if (me.two_factor.required && !me.two_factor.verified) return <TwoFactorPage />;
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
            <Route path="/privacy" element={<Protected><PrivacyPage /></Protected>} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Layout>
      </BrowserRouter>
    </SessionProvider>
  );
}
