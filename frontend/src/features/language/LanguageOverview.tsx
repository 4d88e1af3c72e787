import "./language.css";
import { useTimes } from "../../i18n/useTimes";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Schemas } from "../../api/client";
import { formatHours } from "../../i18n/format";
import { ScrollRegion } from "../../components/ScrollRegion";
import { PlanActions } from "./PlanActions";

/** Each newcomer's level now, target, on track or behind, and next milestone. */
export function LanguageOverview({ refreshKey = 0, canAct = false }: { refreshKey?: number; canAct?: boolean }) {
  const { t, i18n } = useTranslation();
  const times = useTimes();
  const [plans, setPlans] = useState<Schemas["LanguagePlan"][] | null>(null);
  const [failed, setFailed] = useState(false);
  const [changed, setChanged] = useState(0);
  useEffect(() => {
    api.GET("/api/language/plans", { params: { query: { page_size: 100 } } }).then(
      ({ data }) => (data ? setPlans(data.results) : setFailed(true)),
      () => setFailed(true),
    );
  }, [refreshKey, changed]);
  const lang = i18n.language;
  return (
    <section className="card" aria-labelledby="language-overview-title">
      <h2 id="language-overview-title">{t("language.overview.title")}</h2>
      {failed && <p className="form-error" role="alert">{t("errors.load")}</p>}
      {!plans && !failed && <p className="status" role="status">{t("common.loading")}</p>}
      {plans?.length === 0 && <p className="empty">{t("language.overview.empty")}</p>}
      {plans && plans.length > 0 && (
        <ScrollRegion className="table-scroll" labelledBy="language-overview-title">
          <table className="overview">
            <thead>
              <tr>
                <th scope="col">{t("language.overview.newcomer")}</th>
                <th scope="col">{t("language.overview.levelNow")}</th>
                <th scope="col">{t("language.overview.target")}</th>
                <th scope="col">{t("language.overview.status")}</th>
                <th scope="col">{t("language.overview.next")}</th>
                {canAct && <th scope="col">{t("language.overview.actions")}</th>}
              </tr>
            </thead>
            <tbody>
              {plans.map((plan) => {
                const next = plan.progress.next_milestone;
                return (
                  <tr key={plan.id}>
                    <td>{plan.newcomer.user.full_name || plan.newcomer.user.email}</td>
                    <td>{plan.progress.level_checked ?? t("language.overview.estimated", { level: plan.progress.level_estimated })}</td>
                    <td>{plan.target_level} · {times.date(plan.target_date)}</td>
                    <td>
                      <span className={`badge plan-${plan.progress.status}`}>{t(`language.status.${plan.progress.status}`)}</span>
                      {plan.progress.status === "behind" && ` ${t("language.overview.gap", { hours: formatHours(plan.progress.gap_hours, lang) })}`}
                    </td>
                    <td>{next ? `${t(`language.milestone.${next.kind}`, { level: next.level })}${next.due_on ? ` · ${times.date(next.due_on)}` : ""}` : "—"}</td>
                    {canAct && <td><PlanActions plan={plan} onChange={() => setChanged((n) => n + 1)} /></td>}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
