import type { Role } from "../api/client";

export const EVERYONE: readonly Role[] = ["newcomer", "hr", "team_lead", "colleague", "admin"];
const HR: readonly Role[] = ["hr", "admin"];
const HELPERS: readonly Role[] = ["team_lead", "hr", "admin"];

/**
 * Who may use each page: the same roles the API serves its data to. Any other role gets a plain
 * "not allowed" and the page is not even loaded, so it never calls the APIs it would use.
 * tests/browser/test_accessibility.py keeps the same list (REACHED_BY).
 */
export const PAGE_ROLES = {
  "/": EVERYONE,
  "/me": EVERYONE,
  "/notifications": EVERYONE,
  "/journeys/plans/:planId": EVERYONE,
  "/modules": EVERYONE,
  "/modules/reports": HR,
  "/modules/:slug": EVERYONE,
  "/language": HR,
  "/translation": HELPERS,
  "/chat": EVERYONE,
  "/chat/helper": HELPERS,
  "/chat/:id": EVERYONE,
  "/checklists": ["newcomer", "hr", "admin"],
  "/checklists/board": HR,
  "/newcomers/new": HR,
  "/newcomers/:id": HR,
  "/arrivals/import": HR,
  "/arrivals/cohort": HR,
  "/privacy": EVERYONE,
  "/settings/translation": HR,
  "/settings/privacy": HR,
  "/settings/sign-in": ["admin"],
  "/terms": EVERYONE,
  "/search": EVERYONE,
  "/feedback": HR,
} as const satisfies Record<string, readonly Role[]>;

export type PagePath = keyof typeof PAGE_ROLES;

/**
 * Where the back link of an inner screen leads (the shell shows it above the screen), and the
 * navigation label naming that place. Pages reached from the tabs or the menu have none.
 */
export const BACK_TO: Partial<Record<PagePath, PagePath>> = {
  "/notifications": "/",
  "/journeys/plans/:planId": "/",
  "/modules/reports": "/modules",
  "/modules/:slug": "/modules",
  "/chat/helper": "/chat",
  "/chat/:id": "/chat",
  "/newcomers/:id": "/",
  "/arrivals/import": "/arrivals/cohort",
  "/privacy": "/me",
  "/terms": "/",
  "/search": "/",
  "/feedback": "/",
};

const PLACE_NAMES: Partial<Record<PagePath, string>> = {
  "/modules": "shell.nav.learn",
  "/chat": "shell.nav.chat",
  "/me": "shell.nav.me",
  "/arrivals/cohort": "shell.nav.arrivals",
};

/** The page a back link leads to and the label key naming it, or null on a top-level page. */
export function backLink(page: PagePath, role: Role | undefined): { to: string; label: string } | null {
  const parent = BACK_TO[page];
  if (!parent || !mayUse(role, parent)) return null;
  const home = role === "newcomer" ? "shell.nav.today" : "shell.nav.home";
  return { to: parent, label: parent === "/" ? home : (PLACE_NAMES[parent] ?? home) };
}

export function mayUse(role: Role | undefined, page: PagePath): boolean {
  return !!role && (PAGE_ROLES[page] as readonly Role[]).includes(role);
}

export interface NavItem {
  to: string;
  label: string;
  /** Which page's access rule decides whether the item is shown. */
  page: PagePath;
  /** Shows the count of unread notifications. */
  unread?: boolean;
}

/** The newcomer's bottom tabs: the five things of a first week, each one tap away. */
export const NEWCOMER_TABS: readonly NavItem[] = [
  { to: "/", label: "shell.nav.today", page: "/" },
  { to: "/modules", label: "shell.nav.learn", page: "/modules" },
  { to: "/checklists", label: "shell.nav.checklists", page: "/checklists" },
  { to: "/chat", label: "shell.nav.chat", page: "/chat" },
  { to: "/me", label: "shell.nav.me", page: "/me" },
];

/** The compact menu for everybody else (and, for a newcomer, what is not a tab). */
export const MENU_ITEMS: readonly NavItem[] = [
  { to: "/", label: "shell.nav.home", page: "/" },
  { to: "/notifications", label: "shell.nav.notifications", page: "/notifications", unread: true },
  { to: "/chat", label: "shell.nav.chat", page: "/chat" },
  { to: "/modules", label: "shell.nav.learn", page: "/modules" },
  { to: "/checklists/board", label: "shell.nav.board", page: "/checklists/board" },
  { to: "/newcomers/new", label: "shell.nav.addNewcomer", page: "/newcomers/new" },
  { to: "/arrivals/cohort", label: "shell.nav.arrivals", page: "/arrivals/cohort" },
  { to: "/language", label: "shell.nav.language", page: "/language" },
  { to: "/translation", label: "shell.nav.translate", page: "/translation" },
  { to: "/settings/translation", label: "settings.card.translation", page: "/settings/translation" },
  { to: "/settings/privacy", label: "settings.card.privacy", page: "/settings/privacy" },
  { to: "/privacy", label: "privacy.link", page: "/privacy" },
  { to: "/me", label: "shell.nav.me", page: "/me" },
];

export function itemsFor(role: Role | undefined, items: readonly NavItem[]): NavItem[] {
  return items.filter((item) => mayUse(role, item.page));
}
