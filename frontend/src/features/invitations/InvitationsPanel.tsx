import { useState, type FormEvent } from "react";
import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { api, asApiError, type ApiErrorBody, type Schemas } from "../../api/client";
import { $api, useInvalidate } from "../../api/query";
import { QueryStatus } from "../../components/QueryStatus";
import { FieldError } from "../../components/FieldError";

type InvitableRole = Schemas["InvitationCreateRequest"]["role"];
const INVITABLE: InvitableRole[] = ["newcomer", "colleague", "team_lead", "hr"];

export function InvitationsPanel() {
  const { t } = useTranslation();
  const times = useTimes();
  const query = $api.useQuery("get", "/api/invitations");
  const invitations = query.data?.results;
  const invalidate = useInvalidate();
  const [email, setEmail] = useState("");
  const [fullName, setFullName] = useState("");
  const [role, setRole] = useState<InvitableRole>("newcomer");
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [notice, setNotice] = useState("");

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const { data, error: body } = await api.POST("/api/invitations", {
      body: { email, full_name: fullName, role },
    });
    if (data) {
      setNotice(t("invitations.sent", { email: data.email }));
      setEmail("");
      setFullName("");
      void invalidate("/api/invitations");
    } else setError(asApiError(body, t("errors.network")));
  }

  return (
    <section className="card" aria-labelledby="invitations-title">
      <h2 id="invitations-title">{t("invitations.title")}</h2>
      <form onSubmit={submit} noValidate className="inline-form">
        <label htmlFor="invite-email">{t("invitations.email")}</label>
        <input id="invite-email" type="email" value={email} onChange={(event) => setEmail(event.target.value)} />
        <FieldError id="invite-email-error" messages={error?.fields.email} />
        <label htmlFor="invite-name">{t("invitations.fullName")}</label>
        <input id="invite-name" value={fullName} onChange={(event) => setFullName(event.target.value)} />
        <label htmlFor="invite-role">{t("invitations.role")}</label>
        <select id="invite-role" value={role} onChange={(event) => setRole(event.target.value as InvitableRole)}>
          {INVITABLE.map((value) => (
            <option key={value} value={value}>{t(`roles.${value}`)}</option>
          ))}
        </select>
        {error && !error.fields.email && <p className="form-error" role="alert">{error.detail}</p>}
        <button type="submit" className="primary">{t("invitations.submit")}</button>
      </form>
      {notice && <p role="status" className="notice">{notice}</p>}
      <QueryStatus query={query} />
      {invitations?.length === 0 && <p className="empty">{t("invitations.empty")}</p>}
      <ul className="people">
        {invitations?.map((invitation) => (
          <li key={invitation.id}>
            <span>{invitation.full_name || invitation.email}</span>
            <span className={`badge status-${invitation.status}`}>
              {t(`invitations.status.${invitation.status}`)} · {times.date(invitation.expires_at)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
