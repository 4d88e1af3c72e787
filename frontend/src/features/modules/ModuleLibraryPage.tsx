import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Schemas } from "../../api/client";
import { $api } from "../../api/query";
import { QueryStatus } from "../../components/QueryStatus";
import { useSession } from "../../app/session";
import { formatNumber } from "../../i18n/format";
import { TranslationNotice } from "./TranslationNotice";

type Summary = Schemas["ModuleSummary"];

export function ProgressBadge({ module }: { module: Summary }) {
  const { t, i18n } = useTranslation();
  const progress = module.progress;
  if (!progress) return <span className="badge muted-badge">{t("modules.notStarted")}</span>;
  if (progress.status === "completed") return <span className="badge done-badge">{t("modules.completed")}</span>;
  return <span className="badge">{t("modules.percentRead", { percent: formatNumber(progress.percent, i18n.language) })}</span>;
}

export function ModuleLibraryPage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const query = $api.useQuery("get", "/api/modules", { params: { query: { lang: i18n.language, page_size: 100 } } });
  const modules = query.data?.results;

  const isHr = me?.role === "hr" || me?.role === "admin";
  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t("modules.library.title")}</h1>
        <p className="muted">{t(me?.role === "newcomer" ? "modules.library.introNewcomer" : "modules.library.introColleague")}</p>
        {isHr && <Link to="/modules/reports" className="button-link">{t("modules.reports.link")}</Link>}
        {isHr && <Link to="/feedback" className="button-link">{t("feedback.report.link")}</Link>}
        <p className="link-row">
          <Link to="/terms">{t("terms.link")}</Link> · <Link to="/search">{t("search.link")}</Link>
        </p>
      </header>
      <QueryStatus query={query} />
      {modules?.length === 0 && <p className="empty">{t("modules.library.empty")}</p>}
      <ul className="module-list">
        {modules?.map((module) => (
          <li key={module.slug} className="card module-card">
            <Link to={`/modules/${module.slug}`} className="module-link">
              <h2>{module.title}</h2>
              {module.summary && <p>{module.summary}</p>}
            </Link>
            <p className="module-meta">
              <span>{t("modules.minutes", { count: module.minutes })}</span>
              <ProgressBadge module={module} />
            </p>
            <TranslationNotice module={module} />
          </li>
        ))}
      </ul>
    </div>
  );
}
