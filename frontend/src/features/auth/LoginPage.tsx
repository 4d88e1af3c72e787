import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { api, asApiError, type ApiErrorBody, type Schemas } from "../../api/client";
import { useSession } from "../../app/session";
import { FieldError } from "../../components/FieldError";
import { serviceWorkerInControl } from "../../offline/register";
import { $api } from "../../api/query";
import { useDebounced } from "../../lib/useDebounced";

type Discovery = Schemas["DiscoverResult"];
const LOOKS_LIKE_EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Once the e-mail address is typed, asks which provider (if any) its organisation signs in with. */
function useProvider(email: string): Discovery | null {
  const typed = email.trim();
  const address = useDebounced(typed, 300);
  const asked = LOOKS_LIKE_EMAIL.test(address) && address === typed;
  const query = $api.useQuery("post", "/api/auth/sso/discover", { body: { email: address } }, { enabled: asked, retry: false });
  return asked ? (query.data ?? null) : null;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { me, setMe } = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  // Set once the server answers otp_required: HR and admin of some organisations need a code too.
  const [askCode, setAskCode] = useState(false);
  const [otpCode, setOtpCode] = useState("");
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [busy, setBusy] = useState(false);
  const [params] = useSearchParams();
  const refused = params.get("sso_error");
  const discovery = useProvider(email);
  const provider = discovery?.provider;

  if (me) return <Navigate to="/" replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const payload = askCode ? { email, password, otp_code: otpCode } : { email, password };
      const { data, error: body } = await api.POST("/api/auth/login", { body: payload });
      if (data) {
        await serviceWorkerInControl(); // first visit: offline from the first screen on
        setMe(data);
        void api.GET("/api/me"); // read once, so the worker keeps it: a reload offline stays logged in
        navigate("/");
      } else {
        const problem = asApiError(body, t("errors.network"));
        if (problem.code === "otp_required") {
          setAskCode(true);
          setError(null);
        } else {
          setError(problem);
        }
      }
    } catch {
      setError(asApiError(null, t("errors.network")));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card narrow">
      <h1>{t("login.title")}</h1>
      <p className="muted">{t("login.intro")}</p>
      {refused && (
        <p className="form-error" role="alert" data-testid="sso-error">
          {t(`login.sso.error.${refused}`, { defaultValue: t("login.sso.error.other") })}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <label htmlFor="email">{t("login.email")}</label>
        <input id="email" type="email" autoComplete="username" inputMode="email" required value={email}
          aria-describedby={error?.fields.email ? "email-error" : undefined}
          onChange={(event) => setEmail(event.target.value)} />
        <FieldError id="email-error" messages={error?.fields.email} />
        {provider && (
          <div className="sso-offer">
            <a className="button-link primary" href={provider.start_url}>
              {t("login.sso.button", { provider: provider.name })}
            </a>
            <p className="muted">
              {discovery.password_login ? t("login.sso.orPassword") : t("login.sso.staffOnly", { provider: provider.name })}
            </p>
          </div>
        )}
        <label htmlFor="password">{t("login.password")}</label>
        <input id="password" type="password" autoComplete="current-password" required value={password}
          onChange={(event) => setPassword(event.target.value)} />
        {askCode && (
          <>
            <label htmlFor="otp-code">{t("login.otpCode")}</label>
            <input id="otp-code" type="text" inputMode="numeric" autoComplete="one-time-code" required
              pattern="[0-9 ]*" maxLength={7} value={otpCode}
              // The code field appears after the password was accepted: the next thing to type goes there.
              // eslint-disable-next-line jsx-a11y/no-autofocus -- shown in answer to the person's own submit
              autoFocus
              aria-describedby="otp-hint"
              onChange={(event) => setOtpCode(event.target.value)} />
            <p id="otp-hint" className="muted">{t("login.otpHint")}</p>
            <FieldError id="otp-error" messages={error?.fields.otp_code} />
          </>
        )}
        {error && <p className="form-error" role="alert">{error.detail}</p>}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("common.busy") : t("login.submit")}
        </button>
      </form>
      <p><Link to="/forgot-password">{t("login.forgot")}</Link></p>
    </section>
  );
}
