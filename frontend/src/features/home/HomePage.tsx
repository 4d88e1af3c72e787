import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Me } from "../../api/client";
import { useSession } from "../../app/session";
import { MyStepsPanel, NewcomersProgressPanel, TodayPanel } from "../journeys";
import { ChatPanel } from "../chat";
import { NotificationsPanel } from "../notifications";
import { BoardLinkPanel } from "../checklists";
import { DueNextPanel } from "../checklists";
import { InvitationsPanel } from "../invitations";
import { AddNewcomerCard } from "../newcomers";
import { ArrivalsLinkCard } from "../arrivals";
import { MyStartPanel } from "../newcomer";
import { PushPanel } from "../push";
import { ModulesPanel } from "../modules";
import { LanguageLinkCard } from "../language";
import { LanguageOverview } from "../language";
import { NewcomerLanguagePanel } from "../language";
import { PeoplePanel } from "../team";
import { TeamsPanel } from "../team";
import { SettingsCard } from "../settings";

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
