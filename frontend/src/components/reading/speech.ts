/** Text prepared for speaking by the device's voice, by the same rules and words as the server's
 * voice (backend/welkom/speech/prepare.py; the words per language in translations/speech.json, the
 * cases both must pass in tests/speech/cases.json): no Markdown or link symbols, dates and times as
 * a person says them, amounts with their currency, phone numbers digit by digit, every line ending
 * so a voice pauses, and Dutch terms as segments of their own, read with a Dutch voice. */
import words from "@translations/speech.json";

interface Words {
  months: string[];
  date: string;
  time: string;
  time_hour: string;
  plus: string;
  euro: string;
  cent: string;
}

const TABLE = words as unknown as Record<string, Words>;

function wordsFor(lang: string): Words {
  return TABLE[lang] ?? TABLE.en;
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => String(values[name] ?? ""));
}

const BLOCK = /<\/?(p|li|h[1-6]|br|tr|div|blockquote|pre|dt|dd)\b[^>]*>/gi;

function decode(text: string): string {
  return text
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Markdown or HTML as lines of plain text; links keep their text, addresses are left out. */
export function plainText(source: string): string {
  const text = decode(
    source
      .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ")
      .replace(/<img\b[^>]*alt="([^"]*)"[^>]*>/gi, "$1")
      .replace(BLOCK, "\n")
      .replace(/<[^>]+>/g, "")
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
      .replace(/^\s{0,3}#{1,6}\s+/gm, "")
      .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, ""),
  )
    .replace(/\b(?:https?:\/\/|www\.)\S+/g, " ")
    .replace(/[*_`#|~>]+/g, " ");
  return text
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter((line) => /[\p{L}\p{N}_]/u.test(line))
    .join("\n");
}

function date(lang: string, day: number, month: number, year: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const table = wordsFor(lang);
  return fill(table.date, { d: day, month: table.months[month - 1], y: year });
}

/** 2026-12-06 and 6-12-2026 (also with / or .) as the day, the month's name and the year. */
export function sayDates(text: string, lang: string): string {
  return text
    .replace(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g, (m, y: string, mo: string, d: string) => date(lang, +d, +mo, +y) ?? m)
    .replace(/\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b/g, (m, d: string, mo: string, y: string) => date(lang, +d, +mo, +y) ?? m);
}

/** 9:30, 09:00 and 9.30 uur as hours and minutes. */
export function sayTimes(text: string, lang: string): string {
  const table = wordsFor(lang);
  return text.replace(
    /(?<![\d.,:])([01]?\d|2[0-3])(?::([0-5]\d)|\.([0-5]\d)(?=\s*(?:uur|u)\b))(?:\s*(?:uur|u)\b)?(?![\d:])/g,
    (_m, hour: string, colon?: string, dot?: string) => {
      const minutes = Number(colon ?? dot);
      return minutes === 0 ? fill(table.time_hour, { h: Number(hour) }) : fill(table.time, { h: Number(hour), m: minutes });
    },
  );
}

/** € 1.250,50, €12,- and 35 euro as the number and the currency in the reader's language. */
export function sayAmounts(text: string, lang: string): string {
  const table = wordsFor(lang);
  return text.replace(
    /(?:€\s?(\d[\d.,]*\d|\d)(?:,-)?|(\d[\d.,]*\d|\d)(?:,-)?\s?(?:€|euro\b|EUR\b))/gi,
    (_m, before?: string, after?: string) => {
      let amount = before ?? after ?? "0";
      let cents = 0;
      const decimals = /[.,](\d{2})$/.exec(amount);
      if (decimals) {
        cents = Number(decimals[1]);
        amount = amount.slice(0, decimals.index);
      }
      const euros = Number(amount.replace(/\D/g, "") || 0);
      return cents ? `${euros} ${table.euro} ${cents} ${table.cent}` : `${euros} ${table.euro}`;
    },
  );
}

/** Phone numbers (starting with 0 or +, or 112) digit by digit, the groups apart. */
export function spellNumbers(text: string, lang: string): string {
  const plus = wordsFor(lang).plus;
  return text.replace(/(?<![\p{L}\p{N}_.,€])(\+?\d[\d\- ]*\d)(?![\p{L}\p{N}_%€]|[.,]\d)/gu, (number) => {
    const digits = number.replace(/\D/g, "");
    if (!(number.startsWith("0") || number.startsWith("+") || digits === "112") || digits.length < 3) return number;
    const spoken = number
      .replace(/^\+/, "")
      .split(/[- ]+/)
      .filter(Boolean)
      .map((group) => group.split("").join(" "))
      .join(", ");
    return number.startsWith("+") ? `${plus} ${spoken}` : spoken;
  });
}

/** The whole preparation, lines ending with a stop so every voice pauses. */
export function prepareForSpeech(source: string, lang: string): string {
  const text = spellNumbers(sayAmounts(sayTimes(sayDates(plainText(source), lang), lang), lang), lang);
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => (/[.!?:;؟]$/.test(line) ? line : `${line}.`))
    .join("\n");
}

export interface Segment {
  text: string;
  lang: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A sentence in segments: Dutch ``terms`` in a text of another language are segments in Dutch. */
export function segments(text: string, lang: string, terms: string[]): Segment[] {
  const forms = [...new Set(terms.map((term) => term.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (lang === "nl" || !forms.length) return text ? [{ text, lang }] : [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(${forms.map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}_])`, "giu");
  const found: Segment[] = [];
  let position = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index ?? 0;
    if (start > position) found.push({ text: text.slice(position, start), lang });
    found.push({ text: match[0], lang: "nl" });
    position = start + match[0].length;
  }
  if (position < text.length) found.push({ text: text.slice(position), lang });
  return found;
}

/** Sentences (and list lines) in reading order. */
export function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?؟])\s+/)
    .map((part) => part.trim())
    .filter((part) => /[\p{L}\p{N}]/u.test(part));
}

/** The voice for ``lang`` the device has, if any (exact language first, then any of the region). */
export function voiceFor(voices: SpeechSynthesisVoice[], lang: string): SpeechSynthesisVoice | undefined {
  const wanted = lang.toLowerCase();
  return (
    voices.find((voice) => voice.lang.toLowerCase().replace("_", "-").split("-")[0] === wanted && voice.localService) ??
    voices.find((voice) => voice.lang.toLowerCase().replace("_", "-").split("-")[0] === wanted)
  );
}
