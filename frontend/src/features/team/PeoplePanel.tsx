import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { LoadError } from "../../components/LoadError";
import { api, type Schemas } from "../../api/client";
import { formatNumber } from "../../i18n/format";

export function PeoplePanel() {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState<Schemas["PaginatedUserList"] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    api.GET("/api/users").then(({ data }) => (data ? setPage(data) : setFailed(true)), () => setFailed(true));
  }, []);

  return (
    <section className="card" aria-labelledby="people-title">
      <h2 id="people-title">{t("people.title")}</h2>
      {failed && <LoadError />}
      {!page && !failed && <p className="status" role="status">{t("common.loading")}</p>}
      {page && <p className="muted small">{t("people.count", { count: page.count, formatted: formatNumber(page.count, i18n.language) })}</p>}
      {page?.results.length === 0 && <p className="empty">{t("people.empty")}</p>}
      <ul className="people">
        {page?.results.map((person) => (
          <li key={person.id}>
            <span>{person.full_name || person.email}</span>
            <span className="badge">{t(`roles.${person.role}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
