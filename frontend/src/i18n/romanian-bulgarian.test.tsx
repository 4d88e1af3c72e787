/** The Romanian and Bulgarian interfaces: their own plural forms, dates and numbers, rendered by
 *  the components that show them (the catalogs are loaded the way the running app loads them). */
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithQueries } from "../api/testing";
import { DueText } from "../features/checklists/ItemCard";
import { PeoplePanel } from "../features/team/PeoplePanel";
import i18n, { applyLanguage, pickLanguage, UI_LANGUAGES } from ".";
import { formatDateTime, formatNumber, weekdayName } from "./format";

// 14:30 in Amsterdam on Monday 9 March 2026.
const MOMENT = "2026-03-09T13:30:00Z";
// Group separators are no-break spaces in some locales and ICU versions; compare with plain spaces.
const plain = (text: string | null) => (text ?? "").replace(/[\u00a0\u202f]/g, " ");

const DAY = 86_400_000;

/** DueText for an item due `daysLeft` days from today (in Amsterdam); with `dueOn`, that date is shown too. */
function dueText(daysLeft: number, dueOn?: string): string {
  const today = Date.parse(`${dueOn ?? "2026-03-09"}T10:00:00Z`) - (dueOn ? daysLeft * DAY : 0);
  const due = dueOn ?? new Date(today + daysLeft * DAY).toISOString().slice(0, 10);
  const zones = { device: "Europe/Amsterdam" };
  const { container } = render(<DueText dueOn={due} showDate={!!dueOn} now={new Date(today)} zones={zones} />);
  const text = plain(container.textContent);
  cleanup();
  return text;
}

/** PeoplePanel as it shows a count of people from the API. */
async function peopleCount(count: number): Promise<string> {
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => new Response(JSON.stringify({ count, next: null, previous: null, results: [] }), { status: 200, headers: { "Content-Type": "application/json" } })),
  );
  renderWithQueries(<PeoplePanel />);
  const text = plain((await screen.findByText(/^\d/)).textContent);
  cleanup();
  return text;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("Romanian interface", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("ro");
  });

  it("counts with one, few and other: 1 zi, 2–19 zile, 20 de zile, 101 zile", () => {
    expect(dueText(1)).toBe("Mai este 1 zi");
    expect(dueText(2)).toBe("Mai sunt 2 zile");
    expect(dueText(19)).toBe("Mai sunt 19 zile");
    expect(dueText(20)).toBe("Mai sunt 20 de zile");
    expect(dueText(101)).toBe("Mai sunt 101 zile");
    expect(dueText(120)).toBe("Mai sunt 120 de zile");
  });

  it("shows how late, with the date written the Romanian way", () => {
    expect(dueText(-3, "2026-03-09")).toBe("Întârziere de 3 zile · 9 mar. 2026");
  });

  it("writes a number inside a plural the Romanian way", async () => {
    expect(await peopleCount(1)).toBe("1 persoană");
    expect(await peopleCount(12345)).toBe("12.345 de persoane");
  });

  it("formats dates, times, weekdays and numbers with ro", () => {
    expect(plain(formatDateTime(MOMENT, "ro"))).toBe("9 mar. 2026, 14:30");
    expect(weekdayName(0, "ro")).toBe("luni");
    expect(formatNumber(12345.5, "ro")).toBe("12.345,5");
  });
});

describe("Bulgarian interface", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("bg");
  });

  it("counts with one and other: 1 ден, 2 дни, 21 дни", () => {
    expect(dueText(1)).toBe("Остава 1 ден");
    expect(dueText(2)).toBe("Остават 2 дни");
    expect(dueText(21)).toBe("Остават 21 дни");
  });

  it("shows how late, with the date written the Bulgarian way", () => {
    expect(dueText(-1, "2026-03-09")).toBe("Закъснение 1 ден · 9.03.2026 г.");
  });

  it("writes a number inside a plural the Bulgarian way", async () => {
    expect(await peopleCount(1)).toBe("1 човек");
    expect(await peopleCount(12345)).toBe("12 345 души");
  });

  it("formats dates, times, weekdays and numbers with bg", () => {
    expect(plain(formatDateTime(MOMENT, "bg"))).toBe("9.03.2026 г., 14:30");
    expect(weekdayName(0, "bg")).toBe("понеделник");
    expect(plain(formatNumber(12345.5, "bg"))).toBe("12 345,5");
  });
});

describe("choosing Romanian or Bulgarian", () => {
  beforeEach(() => localStorage.clear());

  it("are offered under their own names", () => {
    expect(UI_LANGUAGES).toContainEqual({ code: "ro", name: "Română", dir: "ltr" });
    expect(UI_LANGUAGES).toContainEqual({ code: "bg", name: "Български", dir: "ltr" });
  });

  it("follow the browser's language", () => {
    expect(pickLanguage(null, ["ro-RO", "en"])).toBe("ro");
    expect(pickLanguage(null, ["bg-BG", "en"])).toBe("bg");
  });

  it("mark the page with their language, left to right", () => {
    applyLanguage("ar");
    applyLanguage("bg");
    expect([document.documentElement.lang, document.documentElement.dir]).toEqual(["bg", "ltr"]);
    applyLanguage("ro");
    expect([document.documentElement.lang, document.documentElement.dir]).toEqual(["ro", "ltr"]);
  });
});
