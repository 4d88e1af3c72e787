import { describe, expect, it } from "vitest";
import { UI_LANGUAGES } from ".";
import {
  formatDate,
  formatDateTime,
  formatHours,
  formatMoment,
  formatNumber,
  formatTime,
  formatWeekdayTime,
  formattingLocale,
  canonicalTimeZone,
  timeZoneChoices,
  zoneDiffers,
  todayIso,
  weekdayName,
} from "./format";

// 14:30 in Amsterdam on Monday 9 March 2026 (winter time, UTC+1).
const MOMENT = "2026-03-09T13:30:00Z";
// Narrow no-break spaces and direction marks differ between ICU versions; compare without them.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ").replace(/[\u200e\u200f\u061c]/g, "");

describe("English is written the British way (Welkom's people live in the Netherlands)", () => {
  it("formats with en-GB", () => {
    expect(formattingLocale("en")).toBe("en-GB");
    expect(formattingLocale("en-US")).toBe("en-GB");
    expect(formattingLocale("nl")).toBe("nl");
  });

  it("puts the day before the month", () => {
    expect(formatDate(MOMENT, "en")).toBe("9 Mar 2026");
    expect(formatDate("2026-11-10", "en")).toBe("10 Nov 2026");
  });

  it("uses the 24-hour clock", () => {
    expect(plain(formatTime(MOMENT, "en"))).toBe("14:30");
    expect(plain(formatDateTime(MOMENT, "en"))).toBe("9 Mar 2026, 14:30");
    expect(plain(formatWeekdayTime(MOMENT, "en"))).toBe("Mon 9 Mar, 14:30");
    expect(formatTime("2026-03-09T23:05:00Z", "en")).not.toMatch(/am|pm/i);
  });

  it("writes numbers with a comma for thousands and a point for decimals", () => {
    expect(formatNumber(12345.5, "en")).toBe("12,345.5");
    expect(formatHours("12.50", "en")).toBe("12.5");
  });
});

describe("each language uses its own conventions", () => {
  it("Dutch", () => {
    expect(formatDate(MOMENT, "nl")).toBe("9 mrt 2026");
    expect(plain(formatDateTime(MOMENT, "nl"))).toBe("9 mrt 2026, 14:30");
    expect(formatNumber(12345.5, "nl")).toBe("12.345,5");
    expect(weekdayName(0, "nl")).toBe("maandag");
  });

  it("Polish, Ukrainian and Turkish", () => {
    expect(plain(formatNumber(12345.5, "pl"))).toBe("12 345,5");
    expect(formatDate(MOMENT, "uk")).toMatch(/^9 бер\.? 2026/);
    expect(formatDate(MOMENT, "tr")).toBe("9 Mar 2026");
    expect(weekdayName(6, "tr")).toBe("Pazar");
  });

  it("Arabic", () => {
    expect(weekdayName(0, "ar")).toBe("الاثنين");
    expect(formatDate(MOMENT, "ar")).toContain("2026");
    expect(formatDate(MOMENT, "ar")).not.toBe(formatDate(MOMENT, "en"));
  });

  it("never in American style, whatever the language", () => {
    for (const { code } of UI_LANGUAGES) {
      expect(formatDate(MOMENT, code)).not.toMatch(/^Mar 9/);
      expect(formatTime("2026-03-09T23:05:00Z", code)).not.toMatch(/\b(AM|PM)\b/);
    }
  });
});

describe("calendar days", () => {
  it("stay the same day in every time zone", () => {
    expect(formatDate("2026-03-09", "en", "Pacific/Honolulu")).toBe("9 Mar 2026");
    expect(formatDate("2026-03-09", "en", "Pacific/Kiritimati")).toBe("9 Mar 2026");
  });

  it("today on this device", () => {
    expect(todayIso(new Date(2026, 2, 9, 23, 59))).toBe("2026-03-09");
  });
});

// Components format through the helpers above, never with Intl or toLocale…String themselves.
const SOURCES = import.meta.glob<string>(["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}", "!./format.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
});

describe("no hard-coded formats outside the helpers", () => {
  it("finds the sources", () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(50);
  });

  it("no component calls Intl or toLocale…String", () => {
    const offenders = Object.entries(SOURCES)
      .filter(([, text]) => /\bIntl\.|\.toLocale(Date|Time)?String\(/.test(text))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });
});

describe("times: shown in the device's zone, named when it is not the profile's (one rule)", () => {
  // A step planned at 09:00 in Kolkata (the newcomer's home zone) on Wednesday 10 March 2027.
  const APPOINTMENT = "2027-03-10T03:30:00Z";
  const phoneInAmsterdam = { device: "Europe/Amsterdam", profile: "Asia/Kolkata" };

  it("a phone in Amsterdam shows 04:30 and says which zone that is", () => {
    expect(plain(formatMoment(APPOINTMENT, "en", phoneInAmsterdam))).toBe("10 Mar 2027, 04:30 Central European Time");
    expect(plain(formatMoment(APPOINTMENT, "nl", phoneInAmsterdam))).toBe("10 mrt 2027, 04:30 Midden-Europese tijd");
    expect(plain(formatMoment(APPOINTMENT, "en", phoneInAmsterdam, "time"))).toBe("04:30 Central European Time");
  });

  it("a phone in the profile's zone shows 09:00 and names no zone", () => {
    const home = { device: "Asia/Kolkata", profile: "Asia/Kolkata" };
    expect(plain(formatMoment(APPOINTMENT, "en", home))).toBe("10 Mar 2027, 09:00");
    expect(plain(formatMoment(APPOINTMENT, "en", home, "weekdayTime"))).toBe("Wed 10 Mar, 09:00");
  });

  it("another zone with the same offset at that moment is not named", () => {
    expect(zoneDiffers(APPOINTMENT, { device: "Europe/Brussels", profile: "Europe/Amsterdam" })).toBe(false);
    // London and Lisbon share winter time, so only the offset counts.
    expect(zoneDiffers(APPOINTMENT, { device: "Europe/Lisbon", profile: "Europe/London" })).toBe(false);
    expect(zoneDiffers(APPOINTMENT, { device: "Europe/London", profile: "Europe/Amsterdam" })).toBe(true);
  });

  it("without a profile zone nothing is named; a calendar day never moves", () => {
    expect(plain(formatMoment(APPOINTMENT, "en", { device: "Asia/Kolkata" }))).toBe("10 Mar 2027, 09:00");
    expect(plain(formatMoment("2027-03-10", "en", phoneInAmsterdam, "date"))).toBe("10 Mar 2027");
  });
});

describe("time zone picker", () => {
  it("names zones for people, in the reader's language, by offset", () => {
    const winter = new Date("2027-01-15T12:00:00Z");
    const english = timeZoneChoices("en", winter);
    expect(english.find((zone) => zone.code === "Asia/Tokyo")?.name).toBe("Tokyo — Japan Standard Time (GMT+9)");
    expect(english.find((zone) => zone.code === canonicalTimeZone("Asia/Kolkata"))?.name).toMatch(
      /^(Kolkata|Calcutta) — India Standard Time \(GMT\+5:30\)$/,
    );
    expect(english.find((zone) => zone.code === "America/New_York")?.name).toMatch(/^New York — /);
    const dutch = timeZoneChoices("nl", winter);
    expect(dutch.find((zone) => zone.code === "Europe/Amsterdam")?.name).toBe("Amsterdam — Midden-Europese tijd (GMT+1)");
    const offsets = english.map((zone) => zone.code);
    expect(offsets.indexOf("Pacific/Honolulu")).toBeLessThan(offsets.indexOf("Europe/Amsterdam"));
    expect(offsets.indexOf("Europe/Amsterdam")).toBeLessThan(offsets.indexOf("Asia/Tokyo"));
  });
});
