/**
 * Dates, times and numbers in the reader's language — the only place the app calls Intl to format.
 * Components pass the interface language (i18n.language); tests/format.test.ts keeps Intl out of them.
 *
 * Welkom's people live in the Netherlands: English is written the British way (9 Mar 2026, 14:30),
 * not the American one (Mar 9, 2026, 2:30 PM). Every other language uses its own conventions.
 */

const FORMAT_LOCALES: Record<string, string> = { en: "en-GB" };
const DEFAULT_ZONE = "Europe/Amsterdam";

/** The locale Intl formats with for an interface language ("en" → "en-GB"). */
export function formattingLocale(language: string): string {
  const base = language.toLowerCase().split("-")[0];
  return FORMAT_LOCALES[base] ?? language;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day ("2026-03-09") is the same day everywhere: it is formatted in UTC, not moved by a zone. */
function toDate(value: string | Date): { date: Date; dayOnly: boolean } {
  if (typeof value !== "string") return { date: value, dayOnly: false };
  if (DATE_ONLY.test(value)) return { date: new Date(`${value}T12:00:00Z`), dayOnly: true };
  return { date: new Date(value), dayOnly: false };
}

export function formatDate(value: string | Date, language: string, timeZone = DEFAULT_ZONE): string {
  const { date, dayOnly } = toDate(value);
  return new Intl.DateTimeFormat(formattingLocale(language), {
    dateStyle: "medium",
    timeZone: dayOnly ? "UTC" : timeZone,
  }).format(date);
}

export function formatDateTime(value: string | Date, language: string, timeZone = DEFAULT_ZONE): string {
  const { date } = toDate(value);
  return new Intl.DateTimeFormat(formattingLocale(language), { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}

export function formatTime(value: string | Date, language: string, timeZone = DEFAULT_ZONE): string {
  const { date } = toDate(value);
  return new Intl.DateTimeFormat(formattingLocale(language), { timeStyle: "short", timeZone }).format(date);
}

/** A lesson or study block: "Tue 10 Mar, 17:00" — short weekday, day, month and time. */
export function formatWeekdayTime(value: string | Date, language: string, timeZone = DEFAULT_ZONE): string {
  const { date } = toDate(value);
  return new Intl.DateTimeFormat(formattingLocale(language), {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  }).format(date);
}

/** 0 = Monday … 6 = Sunday, as the API counts them. */
export function weekdayName(weekday: number, language: string): string {
  const monday = Date.UTC(2024, 0, 1); // 1 January 2024 was a Monday
  const day = new Date(monday + weekday * 86_400_000);
  return new Intl.DateTimeFormat(formattingLocale(language), { weekday: "long", timeZone: "UTC" }).format(day);
}

export function formatNumber(value: number, language: string, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(formattingLocale(language), options).format(value);
}

/** A file size for people: 1.2 MB, 340 kB (decimal units, like file managers show). */
export function formatBytes(bytes: number, language: string): string {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return formatNumber(value, language, {
    style: "unit",
    unit: units[unit],
    unitDisplay: "short",
    maximumFractionDigits: unit === 0 ? 0 : 1,
  });
}

/** Hours as the API sends them ("12.50"): at most one decimal. */
export function formatHours(value: string | number, language: string): string {
  return formatNumber(Number(value), language, { maximumFractionDigits: 1 });
}

/** A language's name in the reader's language, e.g. "pl" → "Polish" / "Pools". */
export function languageName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Today on this device, as a calendar day for date fields ("2026-03-09"). */
export function todayIso(now: Date = new Date()): string {
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** Today in a time zone as a calendar day ("2026-03-09"), whatever the device's own zone. */
export function todayIn(timeZone: string = DEFAULT_ZONE, now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** The IANA time zones this browser knows (for a time zone field); empty where it cannot say. */
export function timeZoneNames(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [];
  }
}

/** The name this browser uses for a zone (some list Asia/Calcutta for Asia/Kolkata); the name itself if unknown. */
export function canonicalTimeZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
}

/**
 * Time zones for a picker, named for people in the reader's language: "Kolkata — India Standard
 * Time (GMT+5:30)". The city comes from the zone's name, the rest from Intl; sorted by offset, then
 * name. The offset is the one at `now` (summer time changes it).
 */
export function timeZoneChoices(language: string, now: Date = new Date()): NamedCode[] {
  const locale = formattingLocale(language);
  const part = (zone: string, style: "longGeneric" | "shortOffset") => {
    try {
      return new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style })
        .formatToParts(now)
        .find((item) => item.type === "timeZoneName")?.value;
    } catch {
      return undefined;
    }
  };
  const minutes = (offset: string | undefined) => {
    const match = /([+-−])(\d{1,2})(?::(\d{2}))?/.exec(offset ?? "");
    if (!match) return 0;
    const sign = match[1] === "+" ? 1 : -1;
    return sign * (Number(match[2]) * 60 + Number(match[3] ?? 0));
  };
  const collator = new Intl.Collator(locale);
  return timeZoneNames()
    .map((code) => {
      const city = (code.split("/").at(-1) ?? code).replaceAll("_", " ");
      const offset = part(code, "shortOffset");
      const zoneName = part(code, "longGeneric");
      const name = [city, zoneName && zoneName !== offset ? ` — ${zoneName}` : "", offset ? ` (${offset})` : ""].join("");
      return { code, name, order: minutes(offset) };
    })
    .sort((a, b) => a.order - b.order || collator.compare(a.name, b.name))
    .map(({ code, name }) => ({ code, name }));
}

/**
 * Calendar days from today to a moment, both counted in the time zone ("today" is 0, "tomorrow" 1).
 * A calendar day ("2026-03-09") is that day in every zone: only today moves with the zone.
 */
export function daysFrom(value: string | Date, now: Date, timeZone: string = DEFAULT_ZONE): number {
  const day = (moment: Date) => Date.parse(`${todayIn(timeZone, moment)}T00:00:00Z`);
  const { date, dayOnly } = toDate(value);
  const target = dayOnly ? Date.parse(`${value as string}T00:00:00Z`) : day(date);
  return Math.round((target - day(now)) / 86_400_000);
}

/** A due date in words in the reader's language: "today", "tomorrow", "in 3 days", "2 days ago". */
export function formatRelativeDay(value: string | Date, now: Date, language: string, timeZone = DEFAULT_ZONE): string {
  const days = daysFrom(value, now, timeZone);
  return new Intl.RelativeTimeFormat(formattingLocale(language), { numeric: "auto" }).format(days, "day");
}

export interface NamedCode {
  code: string;
  name: string;
}

// Region codes Intl names that are not countries (the EU, the UN, private-use and test codes).
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"]);
const LETTERS = "abcdefghijklmnopqrstuvwxyz";
const TWO_LETTER = [...LETTERS].flatMap((first) => [...LETTERS].map((second) => first + second));

function named(codes: string[], type: "region" | "language", language: string): NamedCode[] {
  let names: Intl.DisplayNames;
  try {
    names = new Intl.DisplayNames([formattingLocale(language)], { type, fallback: "none" });
  } catch {
    return [];
  }
  const collator = new Intl.Collator(formattingLocale(language));
  return codes
    .flatMap((code) => {
      const name = names.of(code);
      return name && name.toLowerCase() !== code.toLowerCase() ? [{ code, name }] : [];
    })
    .sort((a, b) => collator.compare(a.name, b.name));
}

/** Countries (ISO 3166 two-letter codes) with their names in the reader's language, by name. */
export function countryChoices(language: string): NamedCode[] {
  return named(TWO_LETTER.map((code) => code.toUpperCase()).filter((code) => !NOT_COUNTRIES.has(code)), "region", language);
}

/** Languages (ISO 639-1 two-letter codes) with their names in the reader's language, by name. */
export function languageChoices(language: string): NamedCode[] {
  return named(TWO_LETTER, "language", language);
}

/**
 * THE rule for times (issue 19, item 8): a moment is shown in the time zone of the device, so it
 * matches the phone's clock; when that zone is not the person's profile zone (at that moment: same
 * offset counts as the same), the shown zone is named ("10 Mar 2026, 04:30 Central European
 * Time"), so nobody reads a time meant for another zone without knowing. Calendar days are not
 * moments and stay the same day everywhere.
 */
export interface ShownZones {
  /** Where the device is: deviceTimeZone() in the app, a fixed zone in tests. */
  device: string;
  /** The person's profile zone; without one, no zone is named. */
  profile?: string | null;
}

export type MomentStyle = "dateTime" | "date" | "time" | "weekdayTime";

/** The device's own time zone (IANA name), Amsterdam where the browser cannot say. */
export function deviceTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || DEFAULT_ZONE;
  } catch {
    return DEFAULT_ZONE;
  }
}

function offsetAt(date: Date, timeZone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "longOffset" })
      .formatToParts(date)
      .find((part) => part.type === "timeZoneName")?.value;
  } catch {
    return undefined;
  }
}

/** Whether a moment shown in `zones.device` needs its zone named (the profile zone differs then). */
export function zoneDiffers(value: string | Date, zones: ShownZones): boolean {
  const { date, dayOnly } = toDate(value);
  if (dayOnly || !zones.profile || zones.profile === zones.device) return false;
  const profile = offsetAt(date, zones.profile);
  return profile !== undefined && profile !== offsetAt(date, zones.device);
}

const NAMED: Record<MomentStyle, Intl.DateTimeFormatOptions> = {
  dateTime: { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" },
  date: { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" },
  time: { hour: "2-digit", minute: "2-digit" },
  weekdayTime: { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" },
};

/** A moment by the rule above, in the reader's language. */
export function formatMoment(value: string | Date, language: string, zones: ShownZones, style: MomentStyle = "dateTime"): string {
  const { device } = zones;
  if (!zoneDiffers(value, zones)) {
    if (style === "date") return formatDate(value, language, device);
    if (style === "time") return formatTime(value, language, device);
    if (style === "weekdayTime") return formatWeekdayTime(value, language, device);
    return formatDateTime(value, language, device);
  }
  // A date alone would hide the shift (the day can change too): it gets its time and zone.
  return new Intl.DateTimeFormat(formattingLocale(language), {
    ...NAMED[style],
    timeZone: device,
    timeZoneName: "longGeneric",
  }).format(toDate(value).date);
}
