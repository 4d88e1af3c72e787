import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { LoadError } from "../../components/LoadError";
import { api, type Schemas } from "../../api/client";

export function TeamsPanel() {
  const { t } = useTranslation();
  const [teams, setTeams] = useState<Schemas["Team"][] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    api.GET("/api/teams").then(({ data }) => (data ? setTeams(data.results) : setFailed(true)), () => setFailed(true));
  }, []);

  return (
    <section className="card" aria-labelledby="teams-title">
      <h2 id="teams-title">{t("teams.title")}</h2>
      {failed && <LoadError />}
      {!teams && !failed && <p className="status" role="status">{t("common.loading")}</p>}
      {teams?.length === 0 && <p className="empty">{t("teams.empty")}</p>}
      {teams?.map((team) => (
        <div key={team.id} className="team">
          <h3>{team.name}</h3>
          {team.lead && <p className="muted small">{t("teams.lead", { name: team.lead.full_name || team.lead.email })}</p>}
          <ul className="people">
            {team.members.map((member) => (
              <li key={member.id}>
                <span>{member.full_name || member.email}</span>
                <span className="badge">{t(`roles.${member.role}`)}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
