import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Role } from "../../api/client";
import { useSession } from "../../app/session";

/** A settings page for some roles only: everyone else gets a plain "not allowed", not a broken page. */
export function RoleGate({ allowed, body = "settings.notAllowed.body", children }: {
  allowed: readonly Role[];
  /** What the refusal says (the catalog key); by default that the page is for HR and admins. */
  body?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { me } = useSession();
  if (!me) return null;
  if (!me.role || !allowed.includes(me.role)) {
    return (
      <section className="card" role="alert" aria-labelledby="not-allowed-title">
        <h1 id="not-allowed-title">{t("settings.notAllowed.title")}</h1>
        <p>{t(body)}</p>
        <Link to="/">{t("settings.backHome")}</Link>
      </section>
    );
  }
  return <>{children}</>;
}
