import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, matchPath, useLocation } from "react-router";
import { backLink, PAGE_ROLES, type PagePath } from "../app/access";
import { useSession } from "../app/session";
import { applyLanguage, UI_LANGUAGES, type UiLanguage } from "../i18n";
import { OfflineBanner } from "../offline/OfflineBanner";
import { AppMenu, BottomTabs, NotificationBell } from "./AppNav";
import { useOutbox } from "../offline/OutboxProvider";

export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const { me, setMe } = useSession();
  const { perform } = useOutbox();
  async function change(code: UiLanguage) {
    if (me) {
      // Works offline too: the change waits in the outbox and is sent when the connection returns.
      const name = UI_LANGUAGES.find((lang) => lang.code === code)?.name ?? code;
      const result = await perform({
        method: "patch",
        path: "/api/me",
        body: { language: code },
        kind: "language",
        labelValues: { language: name },
      });
      if (result.state === "sent" && result.data) setMe(result.data as typeof me);
    }
    applyLanguage(code);
  }
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t("layout.language")}</span>
      <select value={i18n.language} onChange={(event) => void change(event.target.value as UiLanguage)}>
        {UI_LANGUAGES.map((lang) => (
          <option key={lang.code} value={lang.code} lang={lang.code} dir={lang.dir}>
            {lang.name}
          </option>
        ))}
      </select>
    </label>
  );
}

// Static paths before patterns, so /modules/reports is not taken for the module "reports".
const PAGES = (Object.keys(PAGE_ROLES) as PagePath[]).sort((a, b) => Number(a.includes(":")) - Number(b.includes(":")));

/** Above every inner screen: a link back to the place it was reached from (from the route table). */
function BackLink() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { pathname } = useLocation();
  const page = PAGES.find((path) => matchPath(path, pathname));
  const back = page && me ? backLink(page, me.role) : null;
  if (!back) return null;
  return (
    <nav className="back-link" aria-label={t("shell.back.nav")}>
      <Link to={back.to}>
        <span aria-hidden="true" className="back-arrow">←</span> {t("shell.back.to", { place: t(back.label) })}
      </Link>
    </nav>
  );
}

/** The app's frame: top bar, offline banner, back link, the newcomer's tabs. ``unread`` is the number
 * of notifications not read yet, for the bell (given by the app layer, which knows the features). */
export function Layout({ children, unread }: { children: ReactNode; unread: number }) {
  const { t } = useTranslation();
  const { me, logout } = useSession();
  const { pending } = useOutbox();
  function leave() {
    if (pending > 0 && !window.confirm(t("offline.logoutPending", { count: pending }))) return;
    void logout();
  }
  return (
    <div className="shell" data-tabs={me?.role === "newcomer" || undefined}>
      <a className="skip-link" href="#main">{t("layout.skip")}</a>
      <header className="topbar">
        <Link to="/" className="brand">Welkom</Link>
        <div className="topbar-actions">
          <NotificationBell unread={unread} />
          <LanguageSwitch />
          {me ? <AppMenu onLogout={leave} /> : null}
        </div>
      </header>
      <OfflineBanner />
      <main id="main" className="content" tabIndex={-1}>
        <BackLink />
        {children}
      </main>
      <BottomTabs />
    </div>
  );
}
