import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, asApiError, type ApiErrorBody } from "../../api/client";
import { FieldError } from "../../components/FieldError";

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<ApiErrorBody | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { response, error: body } = await api.POST("/api/auth/password-reset", { body: { email } });
    if (response.ok) setSent(true);
    else setError(asApiError(body, t("errors.network")));
  }

  return (
    <section className="card narrow">
      <h1>{t("reset.title")}</h1>
      {sent ? (
        <p role="status">{t("reset.sent", { email })}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <label htmlFor="email">{t("login.email")}</label>
          <input id="email" type="email" autoComplete="username" value={email} onChange={(event) => setEmail(event.target.value)} />
          <FieldError id="email-error" messages={error?.fields.email} />
          <button type="submit" className="primary">{t("reset.send")}</button>
        </form>
      )}
      <p><Link to="/login">{t("reset.backToLogin")}</Link></p>
    </section>
  );
}

export function ResetPasswordPage() {
  const { uid = "", token = "" } = useParams();
  const { t } = useTranslation();
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiErrorBody | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { response, error: body } = await api.POST("/api/auth/password-reset/confirm", {
      body: { uid, token, password },
    });
    if (response.ok) setDone(true);
    else setError(asApiError(body, t("errors.network")));
  }

  return (
    <section className="card narrow">
      <h1>{t("reset.newTitle")}</h1>
      {done ? (
        <p role="status">{t("reset.done")} <Link to="/login">{t("reset.backToLogin")}</Link></p>
      ) : (
        <form onSubmit={submit} noValidate>
          <label htmlFor="new-password">{t("invite.password")}</label>
          <input id="new-password" type="password" autoComplete="new-password" value={password}
            onChange={(event) => setPassword(event.target.value)} />
          <FieldError id="password-error" messages={error?.fields.password} />
          {error && !error.fields.password && <p className="form-error" role="alert">{error.detail}</p>}
          <button type="submit" className="primary">{t("reset.save")}</button>
        </form>
      )}
    </section>
  );
}
