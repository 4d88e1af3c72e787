import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import type { Me } from "../../api/client";
import { useSession } from "../../app/session";
import { TodayPanel } from "../journeys";
import { loadLaterCatalog } from "../../i18n";

// Below Today, or for other roles: chunks of their own, so the newcomer's first screen stays small.
const DueNextPanel = lazy(() => import("../checklists").then(({ DueNextPanel }) => ({ default: DueNextPanel })));
// Staff panels use the rest of the catalog (i18n/parts.ts): they wait for it.
const StaffHome = lazy(() =>
  Promise.all([import("./StaffHome"), loadLaterCatalog()]).then(([m]) => ({ default: m.StaffHome })),
);

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

/**
 * The start screen: the person's own work, not every panel at once. A newcomer's is Today (their
 * steps and what is due next); chat, modules, notifications, teams and alerts live behind the tabs,
 * the bell and the menu.
 */
export function HomePage() {
  const { me } = useSession();
  if (!me) return null;
  return (
    <div className="stack" data-role={me.role}>
      <Greeting me={me} />
      {me.role === "newcomer" && <TodayPanel />}
      <Suspense fallback={null}>
        {me.role === "newcomer" ? <DueNextPanel /> : <StaffHome me={me} />}
      </Suspense>
    </div>
  );
}
