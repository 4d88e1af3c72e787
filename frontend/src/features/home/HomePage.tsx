import { useTranslation } from "react-i18next";
import type { Me } from "../../api/client";
import { useSession } from "../../app/session";
import { ChatPanel } from "../chat/ChatPanel";
import { InvitationsPanel } from "../invitations/InvitationsPanel";
import { PeoplePanel } from "../team/PeoplePanel";
import { TeamsPanel } from "../team/TeamsPanel";

function Greeting({ me }: { me: Me }) {
  const { t } = useTranslation();
  const name = me.full_name || me.email;
  return (
    <header className="page-header">
      <h1>{t(`home.${me.role}.title`, { name })}</h1>
      <p className="muted">{t(`home.${me.role}.intro`, { organisation: me.organisation.name })}</p>
    </header>
  );
}

export function HomePage() {
  const { me } = useSession();
  if (!me) return null;
  return (
    <div className="stack" data-role={me.role}>
      <Greeting me={me} />
      <ChatPanel showMore />
      {(me.role === "hr" || me.role === "admin") && <InvitationsPanel />}
      {(me.role === "admin" || me.role === "team_lead") && <PeoplePanel />}
      <TeamsPanel />
    </div>
  );
}
