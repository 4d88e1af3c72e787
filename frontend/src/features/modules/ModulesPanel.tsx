import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Me } from "../../api/client";

/** The way from the home page to the culture modules (and, for HR, to the reports). */
export function ModulesPanel({ me }: { me: Me }) {
  const { t } = useTranslation();
  const isHr = me.role === "hr" || me.role === "admin";
  return (
    <section className="card" aria-labelledby="modules-title">
      <h2 id="modules-title">{t("modules.panel.title")}</h2>
      <p className="muted">{t(me.role === "newcomer" ? "modules.library.introNewcomer" : "modules.library.introColleague")}</p>
      <div className="link-row">
        <Link to="/modules" className="button-link">{t("modules.panel.open")}</Link>
        {isHr && <Link to="/modules/reports" className="button-link secondary">{t("modules.reports.link")}</Link>}
      </div>
    </section>
  );
}
