import { useEffect, useState } from "react";
import { useTimes } from "../../i18n/useTimes";
import { useTranslation } from "react-i18next";
import { api, type Schemas } from "../../api/client";
import { LoadError } from "../../components/LoadError";

type Profile = Schemas["Profile"];
type Person = Profile["buddy"];

/** The newcomer's own dates and people: readable offline once opened (the service worker keeps it). */
export function MyStartPanel() {
  const { t } = useTranslation();
  const times = useTimes();
  const [profile, setProfile] = useState<Profile | null | "none">(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    api.GET("/api/newcomers/me").then(
      ({ data, response }) => {
        if (data) setProfile(data);
        else if (response.status === 404) setProfile("none");
        else setFailed(true);
      },
      () => setFailed(true),
    );
  }, []);

  const day = (value?: string | null) =>
    value ? times.date(value) : t("start.notPlanned");
  const person = (value?: Person) => (value ? value.full_name || value.email : t("start.notPlanned"));

  return (
    <section className="card" aria-labelledby="start-title">
      <h2 id="start-title">{t("start.title")}</h2>
      {failed && <LoadError />}
      {profile === null && !failed && <p className="status" role="status">{t("common.loading")}</p>}
      {profile === "none" && <p className="empty">{t("start.empty")}</p>}
      {profile && profile !== "none" && (
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
