import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, useLocation } from "react-router";
import { itemsFor, MENU_ITEMS, NEWCOMER_TABS, type NavItem } from "../app/access";
import { useSession } from "../app/session";
import { formatNumber } from "../i18n/format";

function Count({ count }: { count: number }) {
  const { t, i18n } = useTranslation();
  if (count <= 0) return null;
  return (
    <span className="count-badge">
      <span aria-hidden="true">{formatNumber(Math.min(count, 99), i18n.language)}</span>
      <span className="visually-hidden">{t("shell.unread", { count })}</span>
    </span>
  );
}

/** The bell in the top bar: every role's notifications, with the number not read yet. The count
 * comes from the app layer (src/app/App.tsx asks the notifications feature), as shared components
 * never import a feature. */
export function NotificationBell({ unread }: { unread: number }) {
  const { t } = useTranslation();
  const { me } = useSession();
  if (!me) return null;
  return (
    <Link to="/notifications" className="icon-button bell" data-unread={unread}>
      <span aria-hidden="true">🔔</span>
      <span className="visually-hidden">{t("shell.nav.notifications")}</span>
      <Count count={unread} />
    </Link>
  );
}

/** A compact menu (a disclosure): the pages this role may use, "my data" and logging out. */
export function AppMenu({ onLogout }: { onLogout: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const location = useLocation();
  // Open on the page where it was opened: going to another page closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === location.pathname;
  const setOpen = (value: boolean | ((open: boolean) => boolean)) =>
    setOpenOn((typeof value === "function" ? value(open) : value) ? location.pathname : null);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpenOn(null);
        button.current?.focus();
      }
    };
    document.addEventListener("keydown", close);
    return () => document.removeEventListener("keydown", close);
  }, [open]);
  if (!me) return null;
  const items: NavItem[] = itemsFor(me.role, MENU_ITEMS);
  return (
    <div className="app-menu">
      <button
        ref={button}
        type="button"
        className="link-button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((value) => !value)}
      >
        {t("shell.menu")}
      </button>
      {open && (
        <nav id={id} className="menu-panel" aria-label={t("shell.menu")}>
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end>{t(item.label)}</NavLink>
              </li>
            ))}
            <li>
              <button type="button" className="text-button" onClick={onLogout}>{t("layout.logout")}</button>
            </li>
          </ul>
        </nav>
      )}
    </div>
  );
}

/** The newcomer's tabs at the bottom of the phone: Today, Learn, Checklists, Chat, Me. */
export function BottomTabs() {
  const { t } = useTranslation();
  const { me } = useSession();
  if (me?.role !== "newcomer") return null;
  return (
    <nav className="bottom-tabs" aria-label={t("shell.tabs")}>
      <ul>
        {itemsFor(me.role, NEWCOMER_TABS).map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} end={item.to === "/"}>{t(item.label)}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
