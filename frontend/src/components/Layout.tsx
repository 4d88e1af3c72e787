import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../api/client";
import { useSession } from "../app/session";
import { applyLanguage, UI_LANGUAGES, type UiLanguage } from "../i18n";

export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const { me, setMe } = useSession();
  async function change(code: UiLanguage) {
    applyLanguage(code);
    if (me) {
      const { data } = await api.PATCH("/api/me", { body: { language: code } });
      if (data) setMe(data);
    }
  }
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t("layout.language")}</span>
      <select value={i18n.language} onChange={(event) => void change(event.target.value as UiLanguage)}>
        {UI_LANGUAGES.map((lang) => (
          <option key={lang.code} value={lang.code} lang={lang.code}>
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
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/" className="brand">Welkom</Link>
        <div className="topbar-actions">
          <LanguageSwitch />
          {me && <Link to="/privacy" className="link-button">{t("privacy.link")}</Link>}
          {me && (
            <button type="button" className="link-button" onClick={() => void logout()}>
              {t("layout.logout")}
            </button>
          )}
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
