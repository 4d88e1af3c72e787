import { describe, expect, it } from "vitest";
import { currentWeek, isoWeek, shiftWeek, weekBounds, weekMonday } from "./weeks";

describe("ISO weeks", () => {
  it("finds the week of a day, also around new year", () => {
    expect(isoWeek("2026-11-02")).toBe("2026-W45");
    expect(isoWeek("2026-11-08")).toBe("2026-W45"); // Sunday: still the same week
    expect(isoWeek("2027-01-01")).toBe("2026-W53"); // a Friday: belongs to 2026's last week
    expect(isoWeek("2024-12-30")).toBe("2025-W01"); // a Monday: belongs to 2025's first week
  });

  it("turns a week into its Monday and Sunday", () => {
    expect(weekMonday("2026-W45")).toBe("2026-11-02");
    expect(weekBounds("2025-W01")).toEqual({ from: "2024-12-30", to: "2025-01-05" });
    expect(weekMonday("2026-W54")).toBeNull();
    expect(weekMonday("2026-45")).toBeNull();
  });

  it("moves by weeks across years", () => {
    expect(shiftWeek("2026-W53", 1)).toBe("2027-W01");
    expect(shiftWeek("2027-W01", -1)).toBe("2026-W53");
  });

  it("takes today's week in Amsterdam, not in the device's zone", () => {
    // Sunday 23:30 UTC is already Monday in Amsterdam (winter time, UTC+1).
    expect(currentWeek(new Date("2026-11-08T23:30:00Z"))).toBe("2026-W46");
  });
});
