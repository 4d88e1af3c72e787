import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { QueryStatus } from "../../components/QueryStatus";
import { ScrollRegion } from "../../components/ScrollRegion";
import { RoleGate } from "../settings";
import { useCohort } from "./api";
import { ARRIVALS_ROLES } from "./ImportPage";
import { currentWeek, shiftWeek, weekBounds } from "./weeks";
import "./arrivals.css";

const ASPECTS = ["registered", "insured", "housed"] as const;

/** The people arriving in one week and where each stands: invited, accepted, registered, insured, housed. */
export function CohortPage() {
  return (
    <RoleGate allowed={ARRIVALS_ROLES}>
      <CohortScreen />
    </RoleGate>
  );
}

function CohortScreen() {
  const { t } = useTranslation();
  const times = useTimes();
  const [params, setParams] = useSearchParams();
  const week = params.get("week") || currentWeek();
  const query = useCohort(week);
  const rows = query.data?.results;

  const bounds = weekBounds(week);
  const go = (value: string) => setParams(value ? { week: value } : {});
  return (
    <div className="stack arrivals">
      <header className="page-header">
        <h1>{t("arrivals.cohort.title")}</h1>
        <p className="muted">{t("arrivals.cohort.intro")}</p>
        <p><Link to="/arrivals/import">{t("arrivals.import.open")}</Link></p>
      </header>
      <section className="card" aria-labelledby="cohort-week-title">
        <h2 id="cohort-week-title">
          {bounds ? t("arrivals.cohort.week", { from: times.date(bounds.from), to: times.date(bounds.to) }) : week}
        </h2>
        <div className="cohort-week">
          <button type="button" className="secondary" onClick={() => go(shiftWeek(week, -1))}>{t("arrivals.cohort.previous")}</button>
          <label htmlFor="cohort-week" className="visually-hidden">{t("arrivals.cohort.pick")}</label>
          <input id="cohort-week" type="week" value={week} onChange={(e) => e.target.value && go(e.target.value)} />
          <button type="button" className="secondary" onClick={() => go(shiftWeek(week, 1))}>{t("arrivals.cohort.next")}</button>
        </div>
      </section>
      <section className="card" aria-live="polite" aria-labelledby="cohort-people-title">
        <h2 id="cohort-people-title">{t("arrivals.cohort.people", { count: rows?.length ?? 0 })}</h2>
        <QueryStatus query={query} />
        {rows?.length === 0 && <p className="empty">{t("arrivals.cohort.empty")}</p>}
        {rows && rows.length > 0 && (
          <ScrollRegion label={t("arrivals.cohort.title")} className="cohort-scroll">
            <table className="cohort-table">
              <thead>
                <tr>
                  <th scope="col">{t("arrivals.column.full_name")}</th>
                  <th scope="col">{t("arrivals.column.arrival_on")}</th>
                  <th scope="col">{t("arrivals.cohort.invitation")}</th>
                  {ASPECTS.map((aspect) => <th scope="col" key={aspect}>{t(`arrivals.cohort.aspect.${aspect}`)}</th>)}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id}>
                    <th scope="row">
                      <Link to={`/newcomers/${row.id}`}><bdi>{row.name}</bdi></Link>
                      <span className="muted cohort-sub"><bdi>{[row.team, row.route].filter(Boolean).join(" · ")}</bdi></span>
                    </th>
                    <td>{row.arrival_on ? times.date(row.arrival_on) : "—"}</td>
                    <td><span className={`state state-${row.invitation}`}>{t(`arrivals.invitation.${row.invitation}`)}</span></td>
                    {ASPECTS.map((aspect) => (
                      <td key={aspect}><span className={`state state-${row[aspect]}`}>{t(`arrivals.state.${row[aspect]}`)}</span></td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </div>
  );
}
