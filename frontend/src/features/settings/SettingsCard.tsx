import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Role } from "../../api/client";
import { SETTINGS_PAGES } from "./pages";

/** The home screen's way into the organisation settings (HR and admin). */
export function SettingsCard({ role }: { role: Role }) {
  const { t } = useTranslation();
  const pages = SETTINGS_PAGES.filter((page) => page.roles.includes(role));
  if (pages.length === 0) return null;
  return (
    <section className="card" aria-labelledby="settings-card-title">
      <h2 id="settings-card-title">{t("settings.card.title")}</h2>
      <p className="muted">{t("settings.card.intro")}</p>
      <ul className="settings-links">
        {pages.map((page) => (
          <li key={page.path}>
            <Link className="button-link secondary" to={page.path}>{t(page.label)}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
