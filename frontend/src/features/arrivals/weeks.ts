/** ISO 8601 weeks ("2026-W45"): the cohort screen asks for the people arriving in one of them. */

import { todayIn } from "../../i18n/format";

const WEEK = /^(\d{4})-W(\d{2})$/;
const DAY = 24 * 60 * 60 * 1000;

function utcDay(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month, day));
}

/** The Monday of a week as a calendar day "YYYY-MM-DD", or null when the text is not a week. */
export function weekMonday(week: string): string | null {
  const match = WEEK.exec(week);
  if (!match) return null;
  const year = Number(match[1]);
  const number = Number(match[2]);
  const jan4 = utcDay(year, 0, 4); // week 1 is the week with 4 January in it
  const monday1 = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY;
  const monday = new Date(monday1 + (number - 1) * 7 * DAY);
  if (number < 1 || isoWeek(monday.toISOString().slice(0, 10)) !== week) return null;
  return monday.toISOString().slice(0, 10);
}

/** The ISO week a calendar day "YYYY-MM-DD" falls in. */
export function isoWeek(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  const value = utcDay(year, month - 1, date);
  const weekday = (value.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(value.getTime() + (3 - weekday) * DAY); // the week's year is its Thursday's
  const weekYear = thursday.getUTCFullYear();
  const dayOfYear = Math.round((thursday.getTime() - utcDay(weekYear, 0, 1).getTime()) / DAY); // 0-based
  const number = Math.floor(dayOfYear / 7) + 1;
  return `${weekYear}-W${String(number).padStart(2, "0")}`;
}

/** The week ``by`` weeks after (negative: before) ``week``. */
export function shiftWeek(week: string, by: number): string {
  const monday = weekMonday(week);
  if (!monday) return week;
  const moved = new Date(Date.parse(`${monday}T00:00:00Z`) + by * 7 * DAY);
  return isoWeek(moved.toISOString().slice(0, 10));
}

/** Monday and Sunday of a week, as calendar days. */
export function weekBounds(week: string): { from: string; to: string } | null {
  const monday = weekMonday(week);
  if (!monday) return null;
  const sunday = new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * DAY).toISOString().slice(0, 10);
  return { from: monday, to: sunday };
}

/** Today's week in the Netherlands (where the arrivals are planned), whatever the device's zone. */
export function currentWeek(now: Date = new Date()): string {
  return isoWeek(todayIn("Europe/Amsterdam", now));
}
