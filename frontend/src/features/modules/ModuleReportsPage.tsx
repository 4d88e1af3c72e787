import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { $api } from "../../api/query";
import { QueryStatus } from "../../components/QueryStatus";
import { formatNumber } from "../../i18n/format";
import { ScrollRegion } from "../../components/ScrollRegion";

function State({ query, empty }: { query: { isPending: boolean; isError: boolean; data?: { results: unknown[] } }; empty: string }) {
  if (!query.data) return <QueryStatus query={query} />;
  if (!query.data.results.length) return <p className="empty">{empty}</p>;
  return null;
}

/** HR: completion per newcomer and per module, and the quiz questions most often missed. */
export function ModuleReportsPage() {
  const { t, i18n } = useTranslation();
  const times = useTimes();
  const lang = i18n.language;
  const query = { params: { query: { lang, page_size: 100 } } };
  const newcomerQuery = $api.useQuery("get", "/api/modules/reports/newcomers", { params: { query: { page_size: 100 } } });
  const moduleQuery = $api.useQuery("get", "/api/modules/reports/modules", query);
  const missedQuery = $api.useQuery("get", "/api/modules/reports/questions", query);
  const newcomers = { rows: newcomerQuery.data?.results };
  const modules = { rows: moduleQuery.data?.results };
  const missed = { rows: missedQuery.data?.results };
  const number = (value: number) => formatNumber(value, lang);

  return (
    <div className="stack">
      <Link to="/modules" className="back-link">{t("modules.back")}</Link>
      <header className="page-header">
        <h1>{t("modules.reports.title")}</h1>
        <p className="muted">{t("modules.reports.intro")}</p>
      </header>

      <section className="card" aria-labelledby="per-newcomer">
        <h2 id="per-newcomer">{t("modules.reports.perNewcomer")}</h2>
        <State query={newcomerQuery} empty={t("modules.reports.noNewcomers")} />
        {!!newcomers.rows?.length && (
          <ScrollRegion labelledBy="per-newcomer">
            <table>
              <thead>
                <tr>
                  <th>{t("modules.reports.newcomer")}</th>
                  <th>{t("modules.reports.completed")}</th>
                  <th>{t("modules.reports.inProgress")}</th>
                  <th>{t("modules.reports.lastActivity")}</th>
                </tr>
              </thead>
              <tbody>
                {newcomers.rows.map((row) => (
                  <tr key={row.id}>
                    <td>{row.full_name || row.email}</td>
                    <td>{t("modules.reports.outOf", { done: number(row.modules_completed), total: number(row.modules_available) })}</td>
                    <td>{number(row.modules_in_progress)}</td>
                    <td>{row.last_activity ? times.date(row.last_activity) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>

      <section className="card" aria-labelledby="per-module">
        <h2 id="per-module">{t("modules.reports.perModule")}</h2>
        <State query={moduleQuery} empty={t("modules.library.empty")} />
        {!!modules.rows?.length && (
          <ScrollRegion labelledBy="per-module">
            <table>
              <thead>
                <tr>
                  <th>{t("modules.reports.module")}</th>
                  <th>{t("modules.reports.started")}</th>
                  <th>{t("modules.reports.completed")}</th>
                </tr>
              </thead>
              <tbody>
                {modules.rows.map((row) => (
                  <tr key={row.slug}>
                    <td>{row.title} <span className="badge">{t(`modules.audience.${row.audience}`)}</span></td>
                    <td>{number(row.started)}</td>
                    <td>{number(row.completed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>

      <section className="card" aria-labelledby="missed">
        <h2 id="missed">{t("modules.reports.missed")}</h2>
        <State query={missedQuery} empty={t("modules.reports.noMissed")} />
        <ol className="missed-list">
          {missed.rows?.map((row) => (
            <li key={`${row.module}-${row.question_key}`}>
              <strong>{row.question}</strong>
              <span className="muted small">
                {row.module_title} · {t("modules.reports.missedCount", { missed: number(row.missed), answered: number(row.answered) })}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
