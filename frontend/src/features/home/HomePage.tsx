import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Me } from "../../api/client";
import { useSession } from "../../app/session";
import { MyStepsPanel, NewcomersProgressPanel, TodayPanel } from "../journeys/JourneyPanels";
import { BoardLinkPanel } from "../checklists/BoardPage";
import { DueNextPanel } from "../checklists/DueNextPanel";
import { InvitationsPanel } from "../invitations/InvitationsPanel";
import { AddNewcomerCard } from "../newcomers/AddNewcomerCard";
import { ArrivalsLinkCard } from "../arrivals/ArrivalsLinkCard";
import { LanguageLinkCard } from "../language/LanguageLinkCard";
import { LanguageOverview } from "../language/LanguageOverview";
import { PeoplePanel } from "../team/PeoplePanel";
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

/**
 * The start screen: the person's own work, not every panel at once. A newcomer's is Today (their
 * steps and what is due next); chat, modules, notifications, teams and alerts live behind the tabs,
 * the bell and the menu.
 */
export function HomePage() {
  const { me } = useSession();
  if (!me) return null;
  const hr = me.role === "hr" || me.role === "admin";
  return (
    <div className="stack" data-role={me.role}>
      <Greeting me={me} />
      {me.role === "newcomer" && <TodayPanel />}
      {me.role === "newcomer" && <DueNextPanel />}
      {hr && <AddNewcomerCard />}
      {hr && <ArrivalsLinkCard />}
      {hr && <NewcomersProgressPanel />}
      {hr && <BoardLinkPanel />}
      {(me.role === "team_lead" || me.role === "colleague") && <MyStepsPanel />}
      {hr && <LanguageLinkCard />}
      {me.role === "team_lead" && <LanguageOverview />}
      {(me.role === "team_lead" || hr) && <TranslateCard />}
      {hr && <InvitationsPanel />}
      {me.role && <SettingsCard role={me.role} />}
      {(me.role === "admin" || me.role === "team_lead") && <PeoplePanel />}
    </div>
  );
}
