import { describe, expect, it } from "vitest";
import { auditQuery, confirmationMatches, filterProblems, NO_FILTERS, parseKeepDays } from "./privacyAdmin";

describe("auditQuery", () => {
  it("leaves out empty filters and puts the person on the chosen side", () => {
    expect(auditQuery(NO_FILTERS, 1)).toEqual({ page: 1 });
    const person = { id: 7, name: "Meera" };
    expect(auditQuery({ ...NO_FILTERS, person, action: "viewed", since: "2026-03-01" }, 2)).toEqual({
      page: 2, subject: 7, action: "viewed", since: "2026-03-01",
    });
    expect(auditQuery({ ...NO_FILTERS, person, side: "actor", until: "2026-03-31" }, 1)).toEqual({
      page: 1, actor: 7, until: "2026-03-31",
    });
  });

  it("refuses a last day before the first", () => {
    expect(filterProblems({ ...NO_FILTERS, since: "2026-03-02", until: "2026-03-01" }, "Too early.")).toEqual({
      until: ["Too early."],
    });
    expect(filterProblems({ ...NO_FILTERS, since: "2026-03-02", until: "2026-03-02" }, "Too early.")).toEqual({});
  });
});

describe("parseKeepDays", () => {
  const messages = { required: "required", whole: "whole", range: "range" };
  it("accepts whole days from 1 to 36500 and names what is wrong otherwise", () => {
    expect(parseKeepDays(" 365 ", messages)).toEqual({ days: 365 });
    expect(parseKeepDays("", messages)).toEqual({ problem: "required" });
    expect(parseKeepDays("1.5", messages)).toEqual({ problem: "whole" });
    expect(parseKeepDays("-3", messages)).toEqual({ problem: "whole" });
    expect(parseKeepDays("0", messages)).toEqual({ problem: "range" });
    expect(parseKeepDays("36501", messages)).toEqual({ problem: "range" });
  });
});

describe("confirmationMatches", () => {
  it("wants the person's e-mail address, ignoring spaces and capitals", () => {
    expect(confirmationMatches(" Zaynab@Alpha.test ", "zaynab@alpha.test")).toBe(true);
    expect(confirmationMatches("Zaynab", "zaynab@alpha.test")).toBe(false);
    expect(confirmationMatches("", "")).toBe(false);
  });
});
