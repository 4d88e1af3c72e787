import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Me } from "../../api/client";
import { useSession } from "../../app/session";
import { MyStepsPanel, NewcomersProgressPanel, TodayPanel } from "../journeys/JourneyPanels";
import { ChatPanel } from "../chat/ChatPanel";
import { NotificationsPanel } from "../notifications/NotificationList";
import { BoardLinkPanel } from "../checklists/BoardPage";
import { DueNextPanel } from "../checklists/DueNextPanel";
import { InvitationsPanel } from "../invitations/InvitationsPanel";
import { AddNewcomerCard } from "../newcomers/AddNewcomerCard";
import { ArrivalsLinkCard } from "../arrivals/ArrivalsLinkCard";
import { MyStartPanel } from "../newcomer/MyStartPanel";
import { PushPanel } from "../push/PushPanel";
import { ModulesPanel } from "../modules/ModulesPanel";
import { LanguageLinkCard } from "../language/LanguageLinkCard";
import { LanguageOverview } from "../language/LanguageOverview";
import { NewcomerLanguagePanel } from "../language/NewcomerLanguagePanel";
import { PeoplePanel } from "../team/PeoplePanel";
import { TeamsPanel } from "../team/TeamsPanel";
import { SettingsCard } from "../settings/SettingsCard";

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

function TranslateCard() {
  const { t } = useTranslation();
  return (
    <section className="card">
      <h2><Link to="/translation">{t("translation.open")}</Link></h2>
      <p className="muted">{t("translation.openIntro")}</p>
    </section>
  );
}

export function HomePage() {
  const { me } = useSession();
  if (!me) return null;
  return (
    <div className="stack" data-role={me.role}>
      <Greeting me={me} />
      {me.role === "newcomer" && <TodayPanel />}
      {me.role === "newcomer" && <DueNextPanel />}
      {(me.role === "hr" || me.role === "admin") && <AddNewcomerCard />}
      {(me.role === "hr" || me.role === "admin") && <ArrivalsLinkCard />}
      {(me.role === "hr" || me.role === "admin") && <NewcomersProgressPanel />}
      {(me.role === "hr" || me.role === "admin") && <BoardLinkPanel />}
      {(me.role === "team_lead" || me.role === "colleague") && <MyStepsPanel />}
      <NotificationsPanel />
      {me.role === "newcomer" && <MyStartPanel />}
      {me.role === "newcomer" && <NewcomerLanguagePanel />}
      <ModulesPanel me={me} />
      <ChatPanel showMore />
      {(me.role === "hr" || me.role === "admin") && <LanguageLinkCard />}
      {me.role === "team_lead" && <LanguageOverview />}
      {(me.role === "team_lead" || me.role === "hr" || me.role === "admin") && <TranslateCard />}
      {(me.role === "hr" || me.role === "admin") && <InvitationsPanel />}
      {me.role && <SettingsCard role={me.role} />}
      {(me.role === "admin" || me.role === "team_lead") && <PeoplePanel />}
      <TeamsPanel />
      <PushPanel />
    </div>
  );
}
