import { useTranslation } from "react-i18next";
import { Link } from "react-router";

/** HR home: the way in to adding a newcomer. */
export function AddNewcomerCard() {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="add-newcomer-title">
      <h2 id="add-newcomer-title">{t("newcomers.card.title")}</h2>
      <p className="muted">{t("newcomers.card.intro")}</p>
      <Link className="button-link" to="/newcomers/new">{t("newcomers.card.add")}</Link>
    </section>
  );
}
