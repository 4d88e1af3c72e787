import { useTranslation } from "react-i18next";
import { $api } from "../../api/query";
import { QueryStatus } from "../../components/QueryStatus";

export function TeamsPanel() {
  const { t } = useTranslation();
  const query = $api.useQuery("get", "/api/teams");
  const teams = query.data?.results;

  return (
    <section className="card" aria-labelledby="teams-title">
      <h2 id="teams-title">{t("teams.title")}</h2>
      <QueryStatus query={query} />
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
