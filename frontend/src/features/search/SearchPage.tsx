import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { $api } from "../../api/query";
import { stepLink } from "../journeys";
import { plainText } from "../../components/reading/speech";
import { useTerms } from "../../components/reading/useTerms";
import "../../components/reading/reading.css";
import { buildIndex, search, type SearchEntry } from "./searchIndex";

/** One search over what the newcomer has (modules, their checklist items, the steps of their own
 * plan, Dutch terms), in their
 * language, on the phone: the index is built in the browser from what the app already read, so it
 * works offline once those were opened. */
export function SearchPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const terms = useTerms().data?.results;
  const modules = $api.useQuery("get", "/api/modules", { params: { query: { lang, page_size: 100 } } }).data?.results;
  const checklists = $api.useQuery("get", "/api/checklists", { params: { query: { page_size: 100 } } }).data?.results;
  const [query, setQuery] = useState("");

  const today = $api.useQuery("get", "/api/journeys/today").data;
  const planId = today?.plan ?? 0;
  const plan = $api.useQuery("get", "/api/journeys/plans/{id}", { params: { path: { id: planId } } }, { enabled: planId > 0 }).data;

  // What could not be read (offline, never opened) is left out of the index, not shown as an error.
  const entries = useMemo(() => {
    const found: SearchEntry[] = (modules ?? []).map((module) => ({
      id: `module:${module.slug}`, kind: "module", title: module.title, text: module.summary, dutch: "",
      href: `/modules/${module.slug}`,
    }));
    for (const checklist of checklists ?? []) {
      for (const item of checklist.items) {
        found.push({
          id: `item:${item.id}`, kind: "checklist_item", title: item.title,
          text: plainText(item.body_html ?? ""), dutch: "", href: `/checklists#item-${item.id}`,
        });
      }
    }
    for (const step of plan?.stages.flatMap((stage) => stage.steps) ?? []) {
      found.push({
        id: `step:${step.id}`, kind: "step", title: step.title, text: plainText(step.body ?? ""), dutch: "",
        href: stepLink(step) ?? "/",
      });
    }
    return found;
  }, [modules, checklists, plan]);

  const index = useMemo(() => {
    const termEntries: SearchEntry[] = (terms ?? []).map((term) => ({
      id: `term:${term.key}`, kind: "term", title: term.term, text: term.explanation,
      dutch: [term.term, ...term.also].join(" "), href: `/terms#term-${term.key}`,
    }));
    return buildIndex([...entries, ...termEntries]);
  }, [entries, terms]);
  const results = useMemo(() => search(index, query).slice(0, 30), [index, query]);

  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t("search.title")}</h1>
      </header>
      <form role="search" onSubmit={(event) => event.preventDefault()} className="stack">
        <label htmlFor="search-query">{t("search.label")}</label>
        <input id="search-query" type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      </form>
      {query.trim() && (
        <p role="status">{results.length ? t("search.count", { count: results.length }) : t("search.none")}</p>
      )}
      <ul className="search-results">
        {results.map((hit) => (
          <li key={hit.id} className="card">
            <Link to={hit.href}><strong>{hit.title}</strong></Link>
            <p className="muted">{t(`search.kind.${hit.kind}`)}</p>
            {hit.text && <p>{hit.text.slice(0, 160)}</p>}
          </li>
        ))}
      </ul>
    </div>
  );
}
