import { useState, type FormEvent } from "react";
import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { api, asApiError, type ApiErrorBody } from "../../api/client";
import { $api } from "../../api/query";
import { Loading } from "../../components/Status";
import { useSession } from "../../app/session";
import { FieldError } from "../../components/FieldError";

export function AcceptInvitationPage() {
  const { token = "" } = useParams();
  const { t } = useTranslation();
  const times = useTimes();
  const { setMe } = useSession();
  const navigate = useNavigate();
  const query = $api.useQuery("get", "/api/invitations/preview/{token}", { params: { path: { token } } }, {
    staleTime: Infinity, // read once: the form below starts from it
  });
  const preview = query.data ?? null;
  // The server's reason (expired, used, revoked …) is what the person needs to read here.
  const problem: ApiErrorBody | null = query.isError ? asApiError(query.error, t("errors.network")) : null;
  const [typedName, setFullName] = useState<string | null>(null);
  const fullName = typedName ?? preview?.full_name ?? "";
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiErrorBody | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { data, error: body } = await api.POST("/api/invitations/accept", {
      body: { token, password, full_name: fullName },
    });
    if (data) {
      setMe(data);
      navigate("/");
    } else setError(asApiError(body, t("errors.network")));
  }

  if (problem) {
    return (
      <section className="card narrow">
        <h1>{t("invite.problemTitle")}</h1>
        <p role="alert" className="form-error">{problem.detail}</p>
      </section>
    );
  }
  if (!preview) return <Loading />;
  return (
    <section className="card narrow">
      <h1>{t("invite.title", { organisation: preview.organisation })}</h1>
      <p className="muted">
        {t("invite.intro", { email: preview.email, date: times.date(preview.expires_at) })}
      </p>
      <form onSubmit={submit} noValidate>
        <label htmlFor="full_name">{t("invite.fullName")}</label>
        <input id="full_name" autoComplete="name" value={fullName} onChange={(event) => setFullName(event.target.value)} />
        <label htmlFor="new-password">{t("invite.password")}</label>
        <input id="new-password" type="password" autoComplete="new-password" value={password}
          aria-describedby="password-hint" onChange={(event) => setPassword(event.target.value)} />
        <p id="password-hint" className="muted small">{t("invite.passwordHint")}</p>
        <FieldError id="password-error" messages={error?.fields.password} />
        {error && !error.fields.password && <p className="form-error" role="alert">{error.detail}</p>}
        <button type="submit" className="primary">{t("invite.submit")}</button>
      </form>
    </section>
  );
}
