/**
 * Dates, times and numbers as people in each language read them, at the edges: a moment near
 * midnight in another zone, a calendar day, the last unit of a file size, a zone named on the
 * device's phone, and what the helpers give where the browser cannot say (format.ts). Found by
 * mutation testing (docs/testing.md).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  canonicalTimeZone,
  countryChoices,
  daysFrom,
  deviceTimeZone,
  formatBytes,
  formatDate,
  formatDateTime,
  formatHours,
  formatMoment,
  formatNumber,
  formatRelativeDay,
  formatTime,
  formatWeekdayTime,
  languageChoices,
  languageName,
  timeZoneChoices,
  timeZoneNames,
  todayIn,
  todayIso,
  weekdayName,
  zoneDiffers,
} from "./format";

// Narrow no-break spaces and direction marks differ between ICU versions; compare without them.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ").replace(/[\u200e\u200f\u061c]/g, "");

afterEach(() => vi.restoreAllMocks());

describe("English the British way, whatever the code's case or region", () => {
  it("formats en, EN and en-US as en-GB, and leaves other languages and their regions alone", () => {
    const moment = "2026-03-09T13:30:00Z";
    expect(formatDate(moment, "EN")).toBe("9 Mar 2026");
    expect(plain(formatDateTime(moment, "En-us"))).toBe("9 Mar 2026, 14:30");
    expect(plain(formatNumber(1234567.891, "hi"))).toBe("12,34,567.891");
    expect(plain(formatNumber(1234567.891, "pl"))).toBe("1 234 567,891");
    expect(formatNumber(1234567.891, "ro")).toBe("1.234.567,891");
  });
});

describe("a moment is shown in a zone, a calendar day never moves", () => {
  // 23:30 UTC on 9 March is already 10 March in Amsterdam (UTC+1), still 9 March in Honolulu.
  const LATE = "2026-03-09T23:30:00Z";

  it("a moment late in the evening is the next day in Amsterdam, by default and as a Date", () => {
    expect(formatDate(LATE, "en")).toBe("10 Mar 2026");
    expect(formatDate(new Date(LATE), "nl")).toBe("10 mrt 2026");
    expect(formatDate(LATE, "pl", "Pacific/Honolulu")).toBe("9 mar 2026");
    expect(formatDate(LATE, "ro", "Europe/Amsterdam")).toBe("10 mar. 2026");
  });

  it("a calendar day is that day in every zone, in every language", () => {
    expect(formatDate("2026-03-10", "pl", "Pacific/Kiritimati")).toBe("10 mar 2026");
    expect(formatDate("2026-03-10", "ro", "Pacific/Pago_Pago")).toBe("10 mar. 2026");
  });

  it("times in summer and in the newcomer's own zone, in each language's clock", () => {
    const noonUtc = "2026-07-01T12:00:00Z";
    expect(plain(formatDateTime(noonUtc, "nl"))).toBe("1 jul 2026, 14:00");
    expect(plain(formatTime(noonUtc, "ro"))).toBe("14:00");
    expect(plain(formatTime(noonUtc, "pl", "Asia/Kolkata"))).toBe("17:30");
    expect(plain(formatTime(new Date(noonUtc), "hi", "Asia/Kolkata"))).toBe("5:30 pm");
    expect(plain(formatWeekdayTime(noonUtc, "pl", "Asia/Kolkata"))).toBe("śr., 1 lip, 17:30");
    expect(plain(formatWeekdayTime(noonUtc, "ro"))).toBe("mie., 1 iul., 14:00");
  });

  it("names every day of the week from Monday (0) to Sunday (6)", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((day) => weekdayName(day, "pl"))).toEqual([
      "poniedziałek",
      "wtorek",
      "środa",
      "czwartek",
      "piątek",
      "sobota",
      "niedziela",
    ]);
    expect(weekdayName(3, "ro")).toBe("joi");
    expect(weekdayName(6, "en")).toBe("Sunday");
  });
});

describe("file sizes and hours", () => {
  it("counts bytes up to 999 and starts the next unit at 1000", () => {
    expect(formatBytes(999, "en")).toBe("999 byte");
    expect(formatBytes(1000, "en")).toBe("1 kB");
    expect(plain(formatBytes(999, "pl"))).toBe("999 B");
    expect(formatBytes(0, "nl")).toBe("0 byte");
  });

  it("gives one decimal from kilobytes on, in the reader's way of writing it", () => {
    expect(formatBytes(1_234_567, "en")).toBe("1.2 MB");
    expect(formatBytes(1_234_567, "nl")).toBe("1,2 MB");
    expect(formatBytes(1_250, "ro")).toBe("1,3 kB");
    expect(formatBytes(2_500_000_000, "pl")).toBe("2,5 GB");
    // Just under a megabyte rounds to 1000 kB: the unit is chosen before the rounding.
    expect(formatBytes(999_999, "en")).toBe("1,000 kB");
  });

  it("stops at gigabytes", () => {
    expect(formatBytes(2_500_000_000_000, "en")).toBe("2,500 GB");
    expect(formatBytes(2_500_000_000_000, "nl")).toBe("2.500 GB");
  });

  it("writes hours from the API with at most one decimal", () => {
    expect(formatHours("12.25", "nl")).toBe("12,3");
    expect(formatHours("7.00", "pl")).toBe("7");
    expect(formatHours(0.5, "en")).toBe("0.5");
  });
});

describe("names of languages", () => {
  it("in the reader's language", () => {
    expect(languageName("pl", "en")).toBe("Polish");
    expect(languageName("pl", "nl")).toBe("Pools");
    expect(languageName("ro", "pl")).toBe("rumuński");
    expect(languageName("pl", "ro")).toBe("poloneză");
  });

  it("the code itself where Intl has no name or cannot read the code or the language", () => {
    expect(languageName("xx", "en")).toBe("xx");
    expect(languageName("!!", "en")).toBe("!!");
    expect(languageName("pl", "not a language")).toBe("pl");
  });
});

describe("today", () => {
  it("is the device's calendar day, east and west of Greenwich", () => {
    // A moment as a device at that offset from UTC sees it (getTimezoneOffset is minutes behind UTC).
    const onDevice = (iso: string, minutesBehindUtc: number) =>
      Object.assign(new Date(iso), { getTimezoneOffset: () => minutesBehindUtc });
    const kolkata = -330;
    const newYork = 300;
    expect(todayIso(onDevice("2026-03-09T18:29:00Z", kolkata))).toBe("2026-03-09"); // 23:59 there
    expect(todayIso(onDevice("2026-03-09T18:31:00Z", kolkata))).toBe("2026-03-10"); // 00:01 there
    expect(todayIso(onDevice("2026-03-09T05:01:00Z", newYork))).toBe("2026-03-09"); // 00:01 there
    expect(todayIso(onDevice("2026-03-10T04:59:00Z", newYork))).toBe("2026-03-09"); // 23:59 there
  });

  it("in a zone is that zone's calendar day, Amsterdam by default", () => {
    const moment = new Date("2026-03-09T23:30:00Z");
    expect(todayIn(undefined, moment)).toBe("2026-03-10");
    expect(todayIn("Pacific/Honolulu", moment)).toBe("2026-03-09");
    expect(todayIn("Pacific/Kiritimati", new Date("2026-03-09T10:30:00Z"))).toBe("2026-03-10");
  });
});

describe("days from today, in words", () => {
  // 23:30 on Monday 9 March 2026 in Amsterdam.
  const NOW = new Date("2026-03-09T22:30:00Z");

  it("counts calendar days in the zone, not 24-hour periods", () => {
    expect(daysFrom("2026-03-10T00:30:00Z", NOW)).toBe(1);
    expect(daysFrom("2026-03-10T00:30:00Z", NOW, "Pacific/Honolulu")).toBe(0);
    expect(daysFrom(new Date("2026-03-09T06:00:00Z"), NOW)).toBe(0);
  });

  it("a calendar day is that day wherever the reader is: only today moves", () => {
    expect(daysFrom("2026-03-10", NOW)).toBe(1);
    expect(daysFrom("2026-03-10", NOW, "Pacific/Kiritimati")).toBe(0);
    expect(daysFrom("2026-03-07", NOW, "Pacific/Honolulu")).toBe(-2);
  });

  it("over a change to summer time the days stay whole", () => {
    // Summer time starts in Amsterdam on 29 March 2026: that day has 23 hours.
    const saturday = new Date("2026-03-28T10:00:00Z");
    expect(daysFrom("2026-03-30", saturday)).toBe(2);
    expect(daysFrom("2026-03-30T21:30:00Z", saturday)).toBe(2);
  });

  it("says today, tomorrow and the day before yesterday in the reader's language", () => {
    expect(formatRelativeDay("2026-03-09", NOW, "en")).toBe("today");
    expect(formatRelativeDay("2026-03-10", NOW, "nl")).toBe("morgen");
    expect(formatRelativeDay("2026-03-10", NOW, "ro")).toBe("mâine");
    expect(formatRelativeDay("2026-03-07", NOW, "pl")).toBe("przedwczoraj");
    expect(formatRelativeDay("2026-03-12", NOW, "en")).toBe("in 3 days");
    expect(formatRelativeDay("2026-03-10T00:30:00Z", NOW, "en", "Pacific/Honolulu")).toBe("today");
  });
});

describe("the time zone field", () => {
  const WINTER = new Date("2027-01-15T12:00:00Z");
  const SUMMER = new Date("2027-07-15T12:00:00Z");
  const names = (choices: { code: string; name: string }[]) => choices.map((choice) => choice.code);

  it("orders zones west to east by their offset at that moment, half and quarter hours too", () => {
    const order = names(timeZoneChoices("en", WINTER));
    // Some browsers list a zone under its old name (Asia/Calcutta for Asia/Kolkata).
    const at = (zone: string) => (order.includes(zone) ? order.indexOf(zone) : order.indexOf(canonicalTimeZone(zone)));
    const before = (first: string, second: string) => {
      expect(at(first)).toBeGreaterThanOrEqual(0);
      expect(at(first)).toBeLessThan(at(second));
    };
    before("Pacific/Honolulu", "America/Los_Angeles"); // −10 before −8
    before("America/Los_Angeles", "America/St_Johns"); // −8 before −3:30
    before("America/St_Johns", "America/Argentina/Buenos_Aires"); // −3:30 before −3
    before("America/Argentina/Buenos_Aires", "Atlantic/Azores"); // −3 before −1
    before("Atlantic/Azores", "Europe/Amsterdam");
    before("Asia/Karachi", "Asia/Kolkata"); // +5 before +5:30
    before("Asia/Kolkata", "Asia/Kathmandu"); // +5:30 before +5:45
    before("Asia/Tokyo", "Australia/Darwin"); // +9 before +9:30
    before("Australia/Darwin", "Australia/Brisbane"); // +9:30 before +10
    before("Australia/Brisbane", "Pacific/Kiritimati"); // +10 before +14
  });

  it("orders zones of one offset by name, and the offset follows summer time", () => {
    const winter = timeZoneChoices("en", WINTER);
    const central = names(winter).filter((code) => ["Europe/Amsterdam", "Europe/Berlin", "Europe/Brussels", "Europe/Andorra"].includes(code));
    expect(central).toEqual(["Europe/Amsterdam", "Europe/Andorra", "Europe/Berlin", "Europe/Brussels"]);
    const summer = timeZoneChoices("nl", SUMMER);
    expect(summer.find((zone) => zone.code === "Europe/Amsterdam")?.name).toBe("Amsterdam — Midden-Europese tijd (GMT+2)");
    expect(names(summer).indexOf("Europe/London")).toBeLessThan(names(summer).indexOf("Europe/Amsterdam"));
  });

  it("names a city with spaces, the zone in the reader's language and a negative offset", () => {
    const polish = timeZoneChoices("pl", WINTER);
    expect(plain(polish.find((zone) => zone.code === "America/Los_Angeles")?.name ?? "")).toBe(
      "Los Angeles — czas pacyficzny (GMT-8)",
    );
    const romanian = timeZoneChoices("ro", WINTER);
    expect(plain(romanian.find((zone) => zone.code === "America/St_Johns")?.name ?? "")).toMatch(/^St Johns — .+ \(GMT-3:30\)$/);
  });

  it("a zone the browser lists but cannot name is offered by its city, among the zones of GMT", () => {
    vi.spyOn(Intl, "supportedValuesOf").mockReturnValue(["Europe/Amsterdam", "Moon/Tranquility_Base"]);
    expect(timeZoneChoices("en", WINTER)).toEqual([
      { code: "Moon/Tranquility_Base", name: "Tranquility Base" },
      { code: "Europe/Amsterdam", name: "Amsterdam — Central European Time (GMT+1)" },
    ]);
  });

  it("is empty where the browser cannot list zones (the field then takes a zone typed in)", () => {
    expect(timeZoneNames()).toContain("Europe/Amsterdam");
    vi.spyOn(Intl, "supportedValuesOf").mockImplementation(() => {
      throw new TypeError("Intl.supportedValuesOf is not a function");
    });
    expect(timeZoneNames()).toEqual([]);
    expect(timeZoneChoices("en", WINTER)).toEqual([]);
  });

  it("takes the browser's spelling of a zone, and keeps a name it does not know", () => {
    expect(canonicalTimeZone("europe/amsterdam")).toBe("Europe/Amsterdam");
    expect(canonicalTimeZone("Moon/Tranquility_Base")).toBe("Moon/Tranquility_Base");
  });

  it("the device's own zone, Amsterdam where the browser cannot say", () => {
    const RealFormat = Intl.DateTimeFormat;
    const deviceIn = (timeZone: string) =>
      vi.spyOn(Intl, "DateTimeFormat").mockImplementation(
        () => ({ resolvedOptions: () => ({ ...new RealFormat().resolvedOptions(), timeZone }) }) as Intl.DateTimeFormat,
      );
    deviceIn("Asia/Tokyo");
    expect(deviceTimeZone()).toBe("Asia/Tokyo");
    deviceIn("");
    expect(deviceTimeZone()).toBe("Europe/Amsterdam");
    vi.spyOn(Intl, "DateTimeFormat").mockImplementation(() => {
      throw new RangeError("no time zone data");
    });
    expect(deviceTimeZone()).toBe("Europe/Amsterdam");
  });
});

describe("a moment on a phone in another zone than the profile's", () => {
  // 09:00 in Kolkata on Wednesday 10 March 2027 is 04:30 in Amsterdam.
  const APPOINTMENT = "2027-03-10T03:30:00Z";
  const phoneInAmsterdam = { device: "Europe/Amsterdam", profile: "Asia/Kolkata" };

  it("a date gets its time and zone too (the day may have changed), in each style and language", () => {
    expect(plain(formatMoment(APPOINTMENT, "en", phoneInAmsterdam, "date"))).toBe("10 Mar 2027, 04:30 Central European Time");
    expect(plain(formatMoment(APPOINTMENT, "pl", phoneInAmsterdam, "weekdayTime"))).toBe("śr., 10 mar, 04:30 czas środkowoeuropejski");
    expect(plain(formatMoment(APPOINTMENT, "ro", phoneInAmsterdam))).toBe("10 mar. 2027, 04:30 Ora Europei Centrale");
    expect(plain(formatMoment(new Date(APPOINTMENT), "nl", phoneInAmsterdam, "time"))).toBe("04:30 Midden-Europese tijd");
  });

  it("names no zone where the profile's is the phone's, or unknown, or the value a calendar day", () => {
    const home = { device: "Asia/Kolkata", profile: "Asia/Kolkata" };
    expect(plain(formatMoment(APPOINTMENT, "en", home, "date"))).toBe("10 Mar 2027");
    expect(plain(formatMoment(APPOINTMENT, "pl", home, "time"))).toBe("09:00");
    expect(plain(formatMoment(APPOINTMENT, "ro", { device: "Europe/Amsterdam", profile: null }, "weekdayTime"))).toBe(
      "mie., 10 mar., 04:30",
    );
    expect(zoneDiffers(APPOINTMENT, { device: "Europe/Amsterdam", profile: "Moon/Tranquility_Base" })).toBe(false);
    expect(plain(formatMoment(APPOINTMENT, "en", { device: "Europe/Amsterdam", profile: "Moon/Tranquility_Base" }))).toBe(
      "10 Mar 2027, 04:30",
    );
    expect(zoneDiffers("2027-03-10", phoneInAmsterdam)).toBe(false);
    expect(zoneDiffers(new Date(APPOINTMENT), phoneInAmsterdam)).toBe(true);
  });
});

describe("country and language pickers", () => {
  it("offer no region that is not a country", () => {
    const codes = countryChoices("en").map((country) => country.code);
    for (const notCountry of ["EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"]) expect(codes).not.toContain(notCountry);
    expect(codes).toContain("XK"); // Kosovo is
    expect(codes).not.toContain("AA"); // a code without a name is left out
  });

  it("sort by name the reader's way", () => {
    const polish = countryChoices("pl").map((country) => country.name);
    // In Polish Ł is a letter of its own, after L: Łotwa (Latvia) comes after Luksemburg.
    expect(polish.indexOf("Łotwa")).toBeGreaterThan(polish.indexOf("Luksemburg"));
    const english = countryChoices("en").map((country) => country.name);
    expect(english.indexOf("Åland Islands")).toBeLessThan(english.indexOf("Albania"));
    expect(languageChoices("ro").find((language) => language.code === "nl")?.name).toBe("neerlandeză");
  });

  it("are empty for a language Intl cannot read", () => {
    expect(countryChoices("not a language")).toEqual([]);
    expect(languageChoices("not a language")).toEqual([]);
  });
});
