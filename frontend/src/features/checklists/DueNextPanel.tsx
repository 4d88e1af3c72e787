import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { $api, errorCode } from "../../api/query";
import { QueryStatus } from "../../components/QueryStatus";
import { DueText } from "./ItemCard";
import "./checklists.css";

/** On the newcomer's home: the next few things to arrange, and the way to all checklists. */
export function DueNextPanel() {
  const { t } = useTranslation();
  const query = $api.useQuery("get", "/api/checklists/upcoming", { params: { query: { page_size: 3 } } });
  const noProfile = errorCode(query.error) === "not_found"; // no profile yet, so nothing is due
  const items = noProfile ? [] : query.data?.results;

  return (
    <section className="card" aria-labelledby="due-next-title">
      <h2 id="due-next-title">{t("checklists.dueNext.title")}</h2>
      {!noProfile && <QueryStatus query={query} />}
      {items?.length === 0 && <p className="empty">{t("checklists.dueNext.empty")}</p>}
      <ul className="due-next">
        {items?.map((item) => (
          <li key={item.id}>
            <span>{item.title}{item.child_name && ` — ${item.child_name}`}</span>
            <DueText dueOn={item.due_on} showDate={false} />
          </li>
        ))}
      </ul>
      <p><Link to="/checklists" className="button-link">{t("checklists.dueNext.all")}</Link></p>
    </section>
  );
}
