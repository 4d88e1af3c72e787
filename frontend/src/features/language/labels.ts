/** Display helpers for the language screens: names of weekdays and hours, in the reader's language. */
export const LEVELS = ["A0", "A1", "A2", "B1", "B2", "C1"] as const;
export type LevelCode = (typeof LEVELS)[number];

/** 0 = Monday … 6 = Sunday, as the API counts them. */
export function weekdayName(weekday: number, language: string): string {
  const monday = new Date(Date.UTC(2024, 0, 1)); // 1 January 2024 was a Monday
  const day = new Date(monday.getTime() + weekday * 86_400_000);
  return new Intl.DateTimeFormat(language, { weekday: "long", timeZone: "UTC" }).format(day);
}

export function formatTime(value: string | Date, language: string, timeZone: string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(language, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone }).format(date);
}

export function formatHours(value: string | number, language: string): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(Number(value));
}

export function todayIso(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}
