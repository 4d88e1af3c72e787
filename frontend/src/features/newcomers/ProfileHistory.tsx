import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { $api } from "../../api/query";
import { QueryStatus } from "../../components/QueryStatus";
import { languageName } from "../../i18n/format";
import type { Choices } from "./useChoices";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Saved changes of one profile, newest first: who changed which field from what to what. */
export function ProfileHistory({ profileId, choices }: { profileId: number; choices: Choices }) {
  const { t, i18n } = useTranslation();
  const times = useTimes();
  const query = $api.useQuery("get", "/api/newcomers/{id}/history", { params: { path: { id: profileId } } });
  const rows = query.data?.results;

  const show = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === "") return "—";
    if (typeof value === "boolean") return value ? t("newcomers.yes") : t("newcomers.no");
    if (typeof value === "string" && DATE.test(value)) return times.date(value);
    if (field === "team") return choices.teams.find((team) => team.id === value)?.name ?? String(value);
    if (field === "team_lead" || field === "buddy") {
      const person = choices.people.find((p) => p.id === value);
      return person ? person.full_name || person.email : String(value);
    }
    if (field === "tenure") return t(`newcomers.tenure.${String(value)}`);
    if (field === "permit_type") return t(`newcomers.permit.${String(value)}`);
    if (field === "employment") return t(`newcomers.employment.${String(value)}`);
    if (field === "preferred_language") return languageName(String(value), i18n.language);
    if (field === "languages_spoken" && Array.isArray(value)) return value.map((code) => languageName(String(code), i18n.language)).join(", ") || "—";
    if ((field === "children" || field === "leaves") && Array.isArray(value)) {
      if (value.length === 0) return t("newcomers.none");
      return value
        .map((item) => (Array.isArray(item) ? item.map((part) => show("", part)).filter((part) => part !== "—").join(" – ") : show("", item)))
        .join("; ");
    }
    return Array.isArray(value) ? value.join(", ") : String(value);
  };

  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">{t("newcomers.history.title")}</h2>
      <QueryStatus query={query} />
      {rows?.length === 0 && <p className="empty">{t("newcomers.history.empty")}</p>}
      <ol className="history">
        {rows?.map((row) => {
          const changes = (row.changes ?? {}) as Record<string, [unknown, unknown]>;
          return (
            <li key={row.id}>
              <p className="muted small">
                {t("newcomers.history.by", {
                  when: row.changed_at ? times.dateTime(row.changed_at) : "",
                  who: row.changed_by ? row.changed_by.full_name || row.changed_by.email : t("newcomers.history.system"),
                })}
              </p>
              <ul>
                {Object.entries(changes).map(([field, [before, after]]) =>
                  field === "profile" ? (
                    <li key={field}>{t("newcomers.history.created")}</li>
                  ) : (
                    <li key={field} data-field={field}>
                      <strong>{t(`newcomers.field.${field}`)}</strong>: {show(field, before)} → {show(field, after)}
                    </li>
                  ),
                )}
              </ul>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
