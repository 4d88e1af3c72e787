import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useProfileTimeZone } from "../app/session";
import { daysFrom, deviceTimeZone, formatMoment, formatRelativeDay, type ShownZones } from "./format";

/**
 * Dates and times for a screen, by the one rule of format.ts: shown in the device's zone, the zone
 * named when it is not the person's profile zone. Every screen that shows a moment uses this.
 */
export function useTimes(zones?: Partial<ShownZones>) {
  const { i18n } = useTranslation();
  const profileZone = useProfileTimeZone();
  const language = i18n.language;
  const device = zones?.device ?? deviceTimeZone();
  const profile = zones?.profile !== undefined ? zones.profile : profileZone;
  return useMemo(() => {
    const shown: ShownZones = { device, profile };
    return {
      zones: shown,
      dateTime: (value: string | Date) => formatMoment(value, language, shown, "dateTime"),
      date: (value: string | Date) => formatMoment(value, language, shown, "date"),
      time: (value: string | Date) => formatMoment(value, language, shown, "time"),
      weekdayTime: (value: string | Date) => formatMoment(value, language, shown, "weekdayTime"),
      /** "today", "tomorrow", "in 3 days": days counted on the device's calendar. */
      relativeDay: (value: string | Date, now: Date) => formatRelativeDay(value, now, language, device),
      /** Calendar days from today to a due date, today being the device's: 0 today, -2 two days late. */
      daysUntil: (value: string | Date, now: Date) => daysFrom(value, now, device),
    };
  }, [device, profile, language]);
}
