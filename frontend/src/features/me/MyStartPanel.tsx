import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { $api, errorCode } from "../../api/query";
import { QueryStatus } from "../../components/QueryStatus";

type Profile = Schemas["Profile"];
type Person = Profile["buddy"];

/** The newcomer's own dates and people: readable offline once opened (the service worker keeps it). */
export function MyStartPanel() {
  const { t } = useTranslation();
  const times = useTimes();
  const query = $api.useQuery("get", "/api/newcomers/me");
  // 404: no newcomer profile (yet) — nothing planned, not a failure.
  const none = errorCode(query.error) === "not_found";
  const profile: Profile | undefined = query.data;

  const day = (value?: string | null) =>
    value ? times.date(value) : t("start.notPlanned");
  const person = (value?: Person) => (value ? value.full_name || value.email : t("start.notPlanned"));

  return (
    <section className="card" aria-labelledby="start-title">
      <h2 id="start-title">{t("start.title")}</h2>
      {none ? <p className="empty">{t("start.empty")}</p> : <QueryStatus query={query} />}
      {profile && (
        <dl className="facts">
          <div><dt>{t("start.arrival")}</dt><dd>{day(profile.arrival_on)}</dd></div>
          <div><dt>{t("start.firstDay")}</dt><dd>{day(profile.first_day_on)}</dd></div>
          <div><dt>{t("start.team")}</dt><dd>{profile.team?.name ?? t("start.notPlanned")}</dd></div>
          <div><dt>{t("start.teamLead")}</dt><dd>{person(profile.team_lead)}</dd></div>
          <div><dt>{t("start.buddy")}</dt><dd>{person(profile.buddy)}</dd></div>
        </dl>
      )}
    </section>
  );
}
