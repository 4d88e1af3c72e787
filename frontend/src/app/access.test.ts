/**
 * Route guards as a person meets them: which pages each role may open, and which menu items and
 * tabs they are shown. A role that may not use a page never sees a way to it.
 */
import { describe, expect, it } from "vitest";
import type { Role } from "../api/client";
import {
  backLink,
  EVERYONE,
  itemsFor,
  MENU_ITEMS,
  mayUse,
  NEWCOMER_TABS,
  PAGE_ROLES,
  type PagePath,
} from "./access";

const ROLES: Role[] = ["newcomer", "hr", "team_lead", "colleague", "admin"];

/** Who may open what, written out page by page (the same list as REACHED_BY in the browser tests). */
const EXPECTED: Record<PagePath, Role[]> = {
  "/": ROLES,
  "/me": ROLES,
  "/notifications": ROLES,
  "/journeys/plans/:planId": ROLES,
  "/modules": ROLES,
  "/modules/reports": ["hr", "admin"],
  "/modules/:slug": ROLES,
  "/language": ["hr", "admin"],
  "/translation": ["team_lead", "hr", "admin"],
  "/chat": ROLES,
  "/chat/helper": ["team_lead", "hr", "admin"],
  "/chat/:id": ROLES,
  "/checklists": ["newcomer", "hr", "admin"],
  "/checklists/board": ["hr", "admin"],
  "/newcomers/new": ["hr", "admin"],
  "/newcomers/:id": ["hr", "admin"],
  "/arrivals/import": ["hr", "admin"],
  "/arrivals/cohort": ["hr", "admin"],
  "/privacy": ROLES,
  "/settings/translation": ["hr", "admin"],
  "/settings/privacy": ["hr", "admin"],
  "/settings/sign-in": ["admin"],
  "/terms": ROLES,
  "/search": ROLES,
  "/feedback": ["hr", "admin"],
};

describe("mayUse", () => {
  it("lets each role open exactly its pages", () => {
    expect(Object.keys(PAGE_ROLES).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [page, allowed] of Object.entries(EXPECTED) as [PagePath, Role[]][]) {
      for (const role of ROLES) {
        expect({ page, role, may: mayUse(role, page) }).toEqual({ page, role, may: allowed.includes(role) });
      }
    }
  });

  it("lets nobody in before the session says who they are", () => {
    expect(mayUse(undefined, "/")).toBe(false);
    expect(mayUse(undefined, "/terms")).toBe(false);
    expect(mayUse("" as Role, "/")).toBe(false);
  });

  it("counts every role as everyone", () => {
    expect([...EVERYONE].sort()).toEqual([...ROLES].sort());
  });
});

describe("itemsFor", () => {
  const targets = (role: Role | undefined, items = MENU_ITEMS) => itemsFor(role, items).map((item) => item.to);

  it("gives a newcomer five tabs: today, learn, checklists, chat and me", () => {
    expect(targets("newcomer", NEWCOMER_TABS)).toEqual(["/", "/modules", "/checklists", "/chat", "/me"]);
    expect(NEWCOMER_TABS.map((tab) => tab.label)).toEqual([
      "shell.nav.today",
      "shell.nav.learn",
      "shell.nav.checklists",
      "shell.nav.chat",
      "shell.nav.me",
    ]);
  });

  it("shows a colleague no HR pages and no translation desk", () => {
    expect(targets("colleague")).toEqual(["/", "/notifications", "/chat", "/modules", "/privacy", "/me"]);
  });

  it("shows a team lead the translation desk but no HR pages", () => {
    expect(targets("team_lead")).toEqual(["/", "/notifications", "/chat", "/modules", "/translation", "/privacy", "/me"]);
  });

  it("shows HR and admins every item", () => {
    for (const role of ["hr", "admin"] as Role[]) {
      expect(targets(role)).toEqual(MENU_ITEMS.map((item) => item.to));
    }
    expect(targets("hr")).toContain("/checklists/board");
    expect(targets("hr")).toContain("/settings/privacy");
  });

  it("marks only the notifications item with the unread count", () => {
    expect(MENU_ITEMS.filter((item) => item.unread).map((item) => item.to)).toEqual(["/notifications"]);
  });

  it("decides each item by its page's rule and labels it from the catalog", () => {
    for (const item of [...MENU_ITEMS, ...NEWCOMER_TABS]) {
      expect(item.page).toBe(item.to);
      expect(item.label).toMatch(/^[a-z]+\.[a-zA-Z.]+$/);
    }
    expect(MENU_ITEMS.map((item) => item.label)).toEqual([
      "shell.nav.home",
      "shell.nav.notifications",
      "shell.nav.chat",
      "shell.nav.learn",
      "shell.nav.board",
      "shell.nav.addNewcomer",
      "shell.nav.arrivals",
      "shell.nav.language",
      "shell.nav.translate",
      "settings.card.translation",
      "settings.card.privacy",
      "privacy.link",
      "shell.nav.me",
    ]);
  });

  it("shows nothing before the session says who they are", () => {
    expect(itemsFor(undefined, MENU_ITEMS)).toEqual([]);
  });
});

/** Where each inner screen's back link leads, written out page by page; a page not listed has none. */
const BACK: Partial<Record<PagePath, PagePath>> = {
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

/** The navigation label that names each place a back link leads to. */
function placeName(place: PagePath, role: Role): string {
  if (place === "/") return role === "newcomer" ? "shell.nav.today" : "shell.nav.home";
  return {
    "/modules": "shell.nav.learn",
    "/chat": "shell.nav.chat",
    "/me": "shell.nav.me",
    "/arrivals/cohort": "shell.nav.arrivals",
  }[place as string] as string;
}

describe("back links", () => {
  it("lead each role from an inner screen to its place, named as the menu or tabs name it", () => {
    for (const role of ROLES) {
      for (const page of Object.keys(PAGE_ROLES) as PagePath[]) {
        const parent = BACK[page];
        const expected = parent && EXPECTED[parent].includes(role) ? { to: parent, label: placeName(parent, role) } : null;
        expect(backLink(page, role), `${role} on ${page}`).toEqual(expected);
      }
    }
  });

  it("call the newcomer's start Today and everyone else's Home", () => {
    expect(backLink("/notifications", "newcomer")).toEqual({ to: "/", label: "shell.nav.today" });
    expect(backLink("/notifications", "hr")).toEqual({ to: "/", label: "shell.nav.home" });
    expect(backLink("/privacy", "colleague")).toEqual({ to: "/me", label: "shell.nav.me" });
  });

  it("are not shown where the role may not go, nor before the session says who they are", () => {
    // The cohort overview is HR's; a team lead who reached the import screen gets no link to it.
    expect(backLink("/arrivals/import", "team_lead")).toBeNull();
    expect(backLink("/arrivals/import", "hr")).toEqual({ to: "/arrivals/cohort", label: "shell.nav.arrivals" });
    expect(backLink("/notifications", undefined)).toBeNull();
    expect(backLink("/", "hr")).toBeNull();
    expect(backLink("/chat", "newcomer")).toBeNull();
  });
});
