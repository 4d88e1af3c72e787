import { useTranslation } from "react-i18next";
import { Link } from "react-router";

/** On HR's home: the way to importing a group and to the week's arrivals. */
export function ArrivalsLinkCard() {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="arrivals-link-title">
      <h2 id="arrivals-link-title">{t("arrivals.card.title")}</h2>
      <p className="muted">{t("arrivals.card.intro")}</p>
      <p className="arrivals-actions">
        <Link className="button-link" to="/arrivals/import">{t("arrivals.import.open")}</Link>
        <Link className="button-link" to="/arrivals/cohort">{t("arrivals.cohort.open")}</Link>
      </p>
    </section>
  );
}
