import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Me } from "../../api/client";
import { MyStepsPanel, NewcomersProgressPanel } from "../journeys";
import { BoardLinkPanel } from "../checklists";
import { InvitationsPanel } from "../invitations";
import { AddNewcomerCard } from "../newcomers";
import { ArrivalsLinkCard } from "../arrivals";
import { LanguageLinkCard } from "../language";
import { LanguageOverview } from "../language";
import { PeoplePanel } from "../team";
import { SettingsCard } from "../settings";

function TranslateCard() {
  const { t } = useTranslation();
  return (
    <section className="card">
      <h2><Link to="/translation">{t("translation.open")}</Link></h2>
      <p className="muted">{t("translation.openIntro")}</p>
    </section>
  );
}

/** The start screen's panels for HR, admins, team leads and colleagues: their own work. A chunk of
 *  its own, so a newcomer's phone does not download them. */
export function StaffHome({ me }: { me: Me }) {
  const hr = me.role === "hr" || me.role === "admin";
  return (
    <>
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
    </>
  );
}
