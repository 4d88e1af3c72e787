import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useSession } from "../../app/session";
import { NewcomerLanguagePanel } from "../language";
import { MyStartPanel } from "./MyStartPanel";
import { PushPanel } from "../push";
import { CompanyAccountPanel } from "../signin";
import { TeamsPanel } from "../team";

/** "Me": the person's own dates and people, language study, teams, alerts and data. */
export function MePage() {
  const { t } = useTranslation();
  const { me } = useSession();
  if (!me) return null;
  return (
    <div className="stack">
      <header className="page-header">
        <h1>{me.full_name || me.email}</h1>
        <p className="muted">{me.email} · {t(`roles.${me.role}`)}</p>
      </header>
      {me.role === "newcomer" && <MyStartPanel />}
      {me.role === "newcomer" && <NewcomerLanguagePanel />}
      <TeamsPanel />
      <PushPanel />
      <CompanyAccountPanel />
      <section className="card" aria-labelledby="me-data-title">
        <h2 id="me-data-title">{t("shell.me.data")}</h2>
        <p><Link to="/privacy">{t("privacy.link")}</Link></p>
      </section>
    </div>
  );
}
