import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
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

export function Layout({ children }: { children: ReactNode }) {
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
          <NotificationBell />
          <LanguageSwitch />
          {me ? <AppMenu onLogout={leave} /> : null}
        </div>
      </header>
      <OfflineBanner />
      <main id="main" className="content" tabIndex={-1}>{children}</main>
      <BottomTabs />
    </div>
  );
}
