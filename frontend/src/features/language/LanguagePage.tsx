import "./language.css";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CoursesPanel } from "./CoursesPanel";
import { HoursTablePanel } from "./HoursTablePanel";
import { LanguageOverview } from "./LanguageOverview";
import { LanguagePlanner } from "./LanguagePlanner";

/** HR's desktop page: plan a schedule, watch who is on track, manage course seats. */
export function LanguagePage() {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(0);
  return (
    <div className="stack wide">
      <header className="page-header">
        <h1>{t("language.page.title")}</h1>
        <p className="muted">{t("language.page.intro")}</p>
      </header>
      <div className="two-columns">
        <LanguagePlanner onSaved={() => setSaved((n) => n + 1)} />
        <div className="stack">
          <LanguageOverview refreshKey={saved} canAct />
          <CoursesPanel />
          <HoursTablePanel />
        </div>
      </div>
    </div>
  );
}
