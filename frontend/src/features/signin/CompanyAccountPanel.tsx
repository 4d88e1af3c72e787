import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, asApiError, type ApiErrorBody } from "../../api/client";
import { $api } from "../../api/query";
import { useTimes } from "../../i18n/useTimes";

/**
 * "Company account" on /me: link the organisation's identity provider account to this person
 * (newcomers too, once they have one), or remove the link. Linking is a POST (with the CSRF
 * token), then a top-level trip to the provider that comes back to /me?sso_linked=1 or
 * /me?sso_error=<reason>. Hidden when the organisation has no provider, but for the refusal that
 * says so (it was removed while the person was at the provider).
 */
export function CompanyAccountPanel() {
  const { t } = useTranslation();
  const times = useTimes();
  const client = useQueryClient();
  const query = $api.useQuery("get", "/api/sso/link");
  const [params] = useSearchParams();
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [removed, setRemoved] = useState(false);
  const [busy, setBusy] = useState(false);
  const provider = query.data?.provider;
  const refused = params.get("sso_error");
  // Back from the provider after the organisation's provider was removed: say so, and what to do.
  const refusal =
    refused === "no_provider"
      ? t("me.companyAccount.noProvider")
      : refused && t(`login.sso.error.${refused}`, { defaultValue: t("login.sso.error.other") });
  if (!provider) {
    if (!query.data || refused !== "no_provider") return null;
    return (
      <section className="card" aria-labelledby="me-company-account">
        <h2 id="me-company-account">{t("me.companyAccount.title")}</h2>
        <p className="form-error" role="alert" data-testid="company-account-error">{refusal}</p>
      </section>
    );
  }
  const link = query.data?.link ?? null;
  const linkedNow = params.get("sso_linked") === "1";

  async function start() {
    setBusy(true);
    setError(null);
    try {
      const { data, error: body } = await api.POST("/api/sso/link");
      if (data) {
        window.location.assign(data.authorization_url);
        return;
      }
      setError(asApiError(body, t("errors.network")));
    } catch {
      setError(asApiError(null, t("errors.network")));
    }
    setBusy(false);
  }

  async function unlink() {
    setBusy(true);
    setError(null);
    try {
      const { error: body } = await api.DELETE("/api/sso/link");
      if (body) setError(asApiError(body, t("errors.network")));
      else {
        setRemoved(true);
        await client.invalidateQueries({ queryKey: $api.queryOptions("get", "/api/sso/link").queryKey });
      }
    } catch {
      setError(asApiError(null, t("errors.network")));
    }
    setBusy(false);
  }

  return (
    <section className="card" aria-labelledby="me-company-account">
      <h2 id="me-company-account">{t("me.companyAccount.title")}</h2>
      {link ? (
        <p data-testid="company-account-state">
          {t("me.companyAccount.linked", { provider: provider.name, date: times.date(link.linked_at) })}
        </p>
      ) : (
        <p className="muted" data-testid="company-account-state">
          {t("me.companyAccount.intro", { provider: provider.name })}
        </p>
      )}
      {linkedNow && link && !removed && <p role="status">{t("me.companyAccount.linkedNow")}</p>}
      {removed && !link && <p role="status">{t("me.companyAccount.removed")}</p>}
      {refused && !link && (
        <p className="form-error" role="alert" data-testid="company-account-error">
          {refusal}
        </p>
      )}
      {error && <p className="form-error" role="alert">{error.detail}</p>}
      <div className="link-row">
        {link ? (
          <button type="button" className="secondary" disabled={busy} onClick={unlink}>
            {t("me.companyAccount.unlink")}
          </button>
        ) : (
          <button type="button" className="primary" disabled={busy} onClick={start}>
            {t("me.companyAccount.link", { provider: provider.name })}
          </button>
        )}
      </div>
    </section>
  );
}
