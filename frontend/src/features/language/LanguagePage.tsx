import "./language.css";
import { useTranslation } from "react-i18next";
import { CoursesPanel } from "./CoursesPanel";
import { HoursTablePanel } from "./HoursTablePanel";
import { LanguageOverview } from "./LanguageOverview";
import { LanguagePlanner } from "./LanguagePlanner";

/** HR's desktop page: plan a schedule, watch who is on track, manage course seats. */
export function LanguagePage() {
  const { t } = useTranslation();
  return (
    <div className="stack wide">
      <header className="page-header">
        <h1>{t("language.page.title")}</h1>
        <p className="muted">{t("language.page.intro")}</p>
      </header>
      <div className="two-columns">
        <LanguagePlanner />
        <div className="stack">
          <LanguageOverview canAct />
          <CoursesPanel />
          <HoursTablePanel />
        </div>
      </div>
    </div>
  );
}
