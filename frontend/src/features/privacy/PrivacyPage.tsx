import { useState } from "react";
import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { api, asApiError, type ApiErrorBody, type Schemas } from "../../api/client";
import { $api, useInvalidate } from "../../api/query";
import { QueryStatus } from "../../components/QueryStatus";

type Export = Schemas["ExportRequest"];

const POLL_MS = 1500;

function ExportPanel() {
  const { t } = useTranslation();
  const times = useTimes();
  const building = (value?: Export | null) => value?.status === "queued" || value?.status === "running";
  // The latest export, asked again every POLL_MS while it is being built.
  const query = $api.useQuery("get", "/api/privacy/exports", {}, {
    refetchInterval: (state) => (building(state.state.data?.results[0]) ? POLL_MS : false),
  });
  const latest: Export | null = query.data?.results[0] ?? null;
  const loading = query.isPending;
  const invalidate = useInvalidate();
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const busy = building(latest);

  async function request() {
    setError(null);
    const { data, error: body } = await api.POST("/api/privacy/exports");
    if (data) void invalidate("/api/privacy/exports");
    else setError(asApiError(body, t("errors.network")));
  }

  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title">{t("privacy.export.title")}</h2>
      <p className="muted">{t("privacy.export.intro")}</p>
      <QueryStatus query={query} />
      {latest && busy && (
        <div role="status">
          <p>{t("privacy.export.building", { percent: latest.progress })}</p>
          <progress max={100} value={latest.progress} aria-label={t("privacy.export.progress")} />
        </div>
      )}
      {latest?.status === "ready" && latest.expires_at && (
        <p>
          <a className="button primary" href={`/api/privacy/exports/${latest.id}/download`} download>
            {t("privacy.export.download")}
          </a>{" "}
          <span className="muted">
            {t("privacy.export.until", { date: times.dateTime(latest.expires_at) })}
          </span>
        </p>
      )}
      {latest?.status === "failed" && <p className="form-error" role="alert">{t("privacy.export.failed")}</p>}
      {error && <p className="form-error" role="alert">{error.detail}</p>}
      {!busy && !loading && (
        <button type="button" className="primary" onClick={() => void request()}>
          {t("privacy.export.request")}
        </button>
      )}
    </section>
  );
}

function WhoLookedPanel() {
  const { t } = useTranslation();
  const times = useTimes();
  const query = $api.useQuery("get", "/api/audit/me");
  const entries = query.data?.results;

  return (
    <section className="card" aria-labelledby="audit-title">
      <h2 id="audit-title">{t("privacy.audit.title")}</h2>
      <p className="muted">{t("privacy.audit.intro")}</p>
      <QueryStatus query={query} />
      {entries?.length === 0 && <p className="empty">{t("privacy.audit.empty")}</p>}
      {entries && entries.length > 0 && (
        <ul className="people" data-testid="audit-entries">
          {entries.map((entry) => (
            <li key={entry.id}>
              {t(`privacy.audit.action.${entry.action}`, {
                name: entry.actor?.display_name ?? t("privacy.audit.someone"),
                what: t(`privacy.audit.object.${entry.object_type}`, { defaultValue: entry.object_type }),
              })}{" "}
              <span className="muted">{times.dateTime(entry.at)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function PrivacyPage() {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t("privacy.title")}</h1>
        <p className="muted">{t("privacy.intro")}</p>
      </header>
      <ExportPanel />
      <WhoLookedPanel />
    </div>
  );
}
