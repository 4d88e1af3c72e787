import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate } from "react-router";
import { api, asApiError, type ApiErrorBody } from "../../api/client";
import { useSession } from "../../app/session";
import { FieldError } from "../../components/FieldError";
import { serviceWorkerInControl } from "../../offline/register";

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
      <form onSubmit={submit} noValidate>
        <label htmlFor="email">{t("login.email")}</label>
        <input id="email" type="email" autoComplete="username" inputMode="email" required value={email}
          aria-describedby={error?.fields.email ? "email-error" : undefined}
          onChange={(event) => setEmail(event.target.value)} />
        <FieldError id="email-error" messages={error?.fields.email} />
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
