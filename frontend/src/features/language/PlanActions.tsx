import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, asApiError, type Schemas } from "../../api/client";
import { formatHours, todayIso } from "../../i18n/format";
import { LEVELS } from "./labels";
import { useLanguageChanged } from "./queries";

/** HR's actions on one plan in the overview: re-plan what is ahead, record a level check. */
export function PlanActions({ plan }: { plan: Schemas["LanguagePlan"] }) {
  const { t, i18n } = useTranslation();
  const changed = useLanguageChanged();
  const [message, setMessage] = useState("");
  const [refused, setRefused] = useState(false);
  const [level, setLevel] = useState<Schemas["LevelEnum"]>(plan.progress.level_estimated as Schemas["LevelEnum"]);
  const [checkedOn, setCheckedOn] = useState(todayIso());

  async function replan(acceptGap: boolean) {
    setMessage("");
    const { data, error } = await api.POST("/api/language/plans/{id}/replan", {
      params: { path: { id: plan.id } },
      body: { accept_gap: acceptGap, dry_run: false },
    });
    if (data) {
      setRefused(false);
      setMessage(data.feasible ? t("language.actions.replanned") : t("language.actions.keptGap", { hours: formatHours(data.gap_hours, i18n.language) }));
      void changed();
    } else {
      const body = asApiError(error, t("errors.network"));
      setRefused(body.code === "infeasible");
      setMessage(body.detail);
    }
  }

  async function recordCheck() {
    setMessage("");
    const { data, error } = await api.POST("/api/language/plans/{id}/level-checks", {
      params: { path: { id: plan.id } },
      body: { level, checked_on: checkedOn },
    });
    if (data) {
      setMessage(t("language.actions.checked", { level: data.level }));
      void changed();
    } else setMessage(asApiError(error, t("errors.network")).detail);
  }

  return (
    <div className="plan-actions">
      <button type="button" className="secondary" onClick={() => void replan(false)}>{t("language.actions.replan")}</button>
      {refused && <button type="button" className="secondary" onClick={() => void replan(true)}>{t("language.actions.acceptGap")}</button>}
      <select aria-label={t("language.actions.checkLevel")} value={level} onChange={(event) => setLevel(event.target.value as Schemas["LevelEnum"])}>
        {LEVELS.map((value) => <option key={value} value={value}>{value}</option>)}
      </select>
      <input aria-label={t("language.actions.checkedOn")} type="date" value={checkedOn} onChange={(event) => setCheckedOn(event.target.value)} />
      <button type="button" className="secondary" onClick={() => void recordCheck()}>{t("language.actions.recordCheck")}</button>
      {message && <p role="status" className="small">{message}</p>}
    </div>
  );
}
