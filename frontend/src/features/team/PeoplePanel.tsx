import { useTranslation } from "react-i18next";
import { $api } from "../../api/query";
import { QueryStatus } from "../../components/QueryStatus";
import { formatNumber } from "../../i18n/format";

export function PeoplePanel() {
  const { t, i18n } = useTranslation();
  const query = $api.useQuery("get", "/api/users");
  const page = query.data;

  return (
    <section className="card" aria-labelledby="people-title">
      <h2 id="people-title">{t("people.title")}</h2>
      <QueryStatus query={query} />
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
