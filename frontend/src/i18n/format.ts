/** Dates and numbers in the reader's language and time zone. */
export function formatDate(value: string | Date, language: string, timeZone = "Europe/Amsterdam"): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone }).format(date);
}

export function formatDateTime(value: string | Date, language: string, timeZone = "Europe/Amsterdam"): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}

export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(language).format(value);
}

/** A language's name in the reader's language, e.g. "pl" → "Polish" / "Pools". */
export function languageName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function formatTime(value: string | Date, language: string, timeZone = "Europe/Amsterdam"): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(language, { timeStyle: "short", timeZone }).format(date);
}
