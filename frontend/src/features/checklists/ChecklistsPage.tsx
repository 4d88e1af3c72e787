import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import type { Schemas } from "../../api/client";
import { $api } from "../../api/query";
import { QueryStatus } from "../../components/QueryStatus";
import { useSession } from "../../app/session";
import { ItemCard } from "./ItemCard";
import { useChecklists } from "./useChecklists";
import "./checklists.css";
import { ContentLanguageNote } from "../../components/ContentLanguage";

function ChangeNotice({ change }: { change: Schemas["ChecklistChange"] }) {
  const { t } = useTranslation();
  const times = useTimes();
  return (
    <section className="change-notice" aria-labelledby="change-title">
      <h2 id="change-title">{t("checklists.change.title", { date: times.dateTime(change.changed_at ?? "") })}</h2>
      {change.added.length > 0 && <p>{t("checklists.change.added", { items: change.added.map((i) => i.title + (i.child_name ? ` (${i.child_name})` : "")).join(", ") })}</p>}
      {change.retired.length > 0 && <p>{t("checklists.change.retired", { items: change.retired.map((i) => i.title + (i.child_name ? ` (${i.child_name})` : "")).join(", ") })}</p>}
    </section>
  );
}

function MunicipalityCard({ newcomer }: { newcomer?: number }) {
  const { t } = useTranslation();
  // Nothing is shown when there is no municipality (or it cannot be read).
  const note = $api.useQuery("get", "/api/checklists/municipality", { params: { query: newcomer ? { newcomer } : {} } }).data;
  if (!note) return null;
  return (
    <section className="card" aria-labelledby="municipality-title">
      <h2 id="municipality-title">{t("checklists.municipality.title", { name: note.name })}</h2>
      {/* Sanitised on the server when the content is synced. */}
      <div dangerouslySetInnerHTML={{ __html: note.notes_html }} />
      <p><a href={note.registration_url} target="_blank" rel="noopener noreferrer">{t("checklists.municipality.website")}</a></p>
      {note.expat_centre_url && (
        <p><a href={note.expat_centre_url} target="_blank" rel="noopener noreferrer">{note.expat_centre_name}</a></p>
      )}
    </section>
  );
}

export function ChecklistsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [params] = useSearchParams();
  const newcomer = Number(params.get("newcomer")) || undefined;
  const { checklists, change, status, replaceItem } = useChecklists(me?.role === "newcomer" ? undefined : newcomer);
  const canEdit = me?.role === "newcomer" || me?.role === "hr";
  const profile = $api.useQuery("get", "/api/newcomers/{id}", { params: { path: { id: newcomer ?? 0 } } }, {
    enabled: me?.role !== "newcomer" && Boolean(newcomer),
  }).data;
  const name = profile ? profile.user.full_name || profile.user.email : "";

  return (
    <div className="stack">
      <header className="page-header">
        <h1>{name ? t("checklists.titleFor", { name }) : t("checklists.title")}</h1>
        <p className="muted">{t("checklists.intro")}</p>
        {me?.role !== "newcomer" && <Link to="/checklists/board">{t("checklists.board.back")}</Link>}
      </header>
      {change && <ChangeNotice change={change} />}
      <QueryStatus query={status} />
      {checklists?.length === 0 && <p className="empty">{t("checklists.empty")}</p>}
      {checklists?.map((checklist) => (
        <section key={checklist.id} className="card">
          <details className="checklist-group" open>
            <summary>
              <span lang={checklist.content.language} dir="auto">{checklist.title}</span>
              <span className="badge">{t("checklists.progress", { done: checklist.done, total: checklist.total })}</span>
            </summary>
            <ContentLanguageNote meta={checklist.content} />
            {checklist.intro && <p className="muted small" lang={checklist.content.language} dir="auto">{checklist.intro}</p>}
            <ul className="checklist-items">
              {checklist.items.map((item) => (
                <ItemCard key={item.id} item={item} onChanged={replaceItem} canEdit={canEdit} />
              ))}
            </ul>
          </details>
        </section>
      ))}
      <MunicipalityCard newcomer={me?.role === "newcomer" ? undefined : newcomer} />
    </div>
  );
}
