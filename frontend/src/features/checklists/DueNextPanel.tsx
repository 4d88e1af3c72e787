import { LoadError } from "../../components/LoadError";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, type Schemas } from "../../api/client";
import { DueText } from "./ItemCard";
import "./checklists.css";

/** On the newcomer's home: the next few things to arrange, and the way to all checklists. */
export function DueNextPanel() {
  const { t } = useTranslation();
  const [items, setItems] = useState<Schemas["ChecklistItem"][] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    api.GET("/api/checklists/upcoming", { params: { query: { page_size: 3 } } }).then(
      // 404: no profile yet, so nothing is due.
      ({ data, response }) => (data ? setItems(data.results) : response.status === 404 ? setItems([]) : setFailed(true)),
      () => setFailed(true),
    );
  }, []);

  return (
    <section className="card" aria-labelledby="due-next-title">
      <h2 id="due-next-title">{t("checklists.dueNext.title")}</h2>
      {failed && <LoadError />}
      {!items && !failed && <p className="status" role="status">{t("common.loading")}</p>}
      {items?.length === 0 && <p className="empty">{t("checklists.dueNext.empty")}</p>}
      <ul className="due-next">
        {items?.map((item) => (
          <li key={item.id}>
            <span>{item.title}{item.child_name && ` — ${item.child_name}`}</span>
            <DueText daysLeft={item.days_left} />
          </li>
        ))}
      </ul>
      <p><Link to="/checklists" className="button-link">{t("checklists.dueNext.all")}</Link></p>
    </section>
  );
}
