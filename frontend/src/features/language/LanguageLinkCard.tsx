import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function LanguageLinkCard() {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="language-link-title">
      <h2 id="language-link-title">{t("language.link.title")}</h2>
      <p className="muted">{t("language.link.intro")}</p>
      <Link className="button-link" to="/language">{t("language.link.open")}</Link>
    </section>
  );
}
