import { useState, type FormEvent } from "react";
import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { $api } from "../../api/query";
import { QueryStatus } from "../../components/QueryStatus";
import { ScrollRegion } from "../../components/ScrollRegion";
import "./checklists.css";

type Filters = { status: "" | "no_address" | "children_not_enrolled" | "overdue"; municipality: string; q: string; team: string };
const STATUS_FILTERS: Filters["status"][] = ["", "no_address", "children_not_enrolled", "overdue"];

function queryOf(filters: Filters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ""));
}

/** HR's desktop board: every newcomer's housing and school status, filterable, exportable as CSV. */
export function BoardPage() {
  const { t } = useTranslation();
  const times = useTimes();
  const [filters, setFilters] = useState<Filters>({ status: "", municipality: "", q: "", team: "" });
  const teams = $api.useQuery("get", "/api/teams", { params: { query: { page_size: 100 } } }).data?.results ?? [];
  const [applied, setApplied] = useState<Filters>(filters);
  const { team, ...rest } = queryOf(applied);
  const query = $api.useQuery("get", "/api/checklists/board", {
    params: { query: { ...rest, ...(team ? { team: Number(team) } : {}), page_size: 100 } },
  });
  const page = query.data;

  function submit(event: FormEvent) {
    event.preventDefault();
    setApplied(filters);
  }

  const csvUrl = `/api/checklists/board.csv?${new URLSearchParams(queryOf(applied)).toString()}`;
  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t("checklists.board.title")}</h1>
        <p className="muted">{t("checklists.board.intro")}</p>
      </header>
      <section className="card">
        <form className="board-filters" onSubmit={submit}>
          <div>
            <label htmlFor="board-status">{t("checklists.board.filter")}</label>
            <select id="board-status" value={filters.status} onChange={(e) => setFilters({ ...filters, status: e.target.value as Filters["status"] })}>
              {STATUS_FILTERS.map((value) => (
                <option key={value} value={value}>{t(`checklists.board.status.${value || "all"}`)}</option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="board-municipality">{t("checklists.board.municipality")}</label>
            <input id="board-municipality" value={filters.municipality} onChange={(e) => setFilters({ ...filters, municipality: e.target.value })} />
          </div>
          {teams.length > 0 && (
            <div>
              <label htmlFor="board-team">{t("checklists.board.team")}</label>
              <select id="board-team" value={filters.team} onChange={(e) => setFilters({ ...filters, team: e.target.value })}>
                <option value="">{t("checklists.board.allTeams")}</option>
                {teams.map((team) => <option key={team.id} value={String(team.id)}>{team.name}</option>)}
              </select>
            </div>
          )}
          <div>
            <label htmlFor="board-q">{t("checklists.board.search")}</label>
            <input id="board-q" type="search" value={filters.q} onChange={(e) => setFilters({ ...filters, q: e.target.value })} />
          </div>
          <button type="submit" className="primary">{t("checklists.board.apply")}</button>
        </form>
        <p><a className="button-link" href={csvUrl} download>{t("checklists.board.export")}</a></p>
      </section>
      <section className="card" aria-live="polite">
        <QueryStatus query={query} />
        {page?.results.length === 0 && <p className="empty">{t("checklists.board.empty")}</p>}
        {page && page.results.length > 0 && (
          <ScrollRegion className="board-scroll" label={t("checklists.board.title")}>
            <table className="board-table">
              <thead>
                <tr>
                  <th>{t("checklists.board.col.name")}</th>
                  <th>{t("checklists.board.col.municipality")}</th>
                  <th>{t("checklists.board.col.arrival")}</th>
                  <th>{t("checklists.board.col.housing")}</th>
                  <th>{t("checklists.board.col.school")}</th>
                  <th>{t("checklists.board.col.progress")}</th>
                  <th>{t("checklists.board.col.overdue")}</th>
                </tr>
              </thead>
              <tbody>
                {page.results.map((row) => (
                  <tr key={row.id}>
                    <td><Link to={`/checklists?newcomer=${row.id}`}>{row.name}</Link></td>
                    <td>{row.municipality}</td>
                    <td>{row.arrival_on ? times.date(row.arrival_on) : "—"}</td>
                    <td>{t(`checklists.board.housing.${row.housing}`)}</td>
                    <td>{t(`checklists.board.school.${row.school}`, { count: row.children_to_enrol })}</td>
                    <td>{t("checklists.progress", { done: row.done_items, total: row.done_items + row.open_items })}</td>
                    <td className={row.overdue_items ? "due-late" : undefined}>{row.overdue_items}</td>
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

/** On HR's home: a way to the board. */
export function BoardLinkPanel() {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="board-link-title">
      <h2 id="board-link-title">{t("checklists.board.title")}</h2>
      <p className="muted">{t("checklists.board.intro")}</p>
      <p><Link to="/checklists/board" className="button-link">{t("checklists.board.open")}</Link></p>
    </section>
  );
}
