import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { daysFrom, formatRelativeDay } from "../../i18n/format";
import { offersDone, ownStepsFirst, planProgress, stepLink } from "./today";

type Step = Schemas["Step"];

function step(id: number, fields: Partial<Step> = {}): Step {
  return {
    id, plan: 1, key: `s${id}`, stage: "first", kind: "task", owner: "newcomer", owner_person: null,
    newcomer: { id: 9, full_name: "Ana", email: "ana@example.test" }, title: `Step ${id}`, body: "",
    state: "sent", late: false, after: [], can_mark_done: true, ...fields,
  } as Step;
}

describe("Today", () => {
  it("counts progress without skipped steps", () => {
    const stages = [
      { steps: [step(1, { state: "done" }), step(2, { state: "skipped" }), step(3)] },
      { steps: [step(4, { state: "done" }), step(5, { state: "planned" })] },
    ];
    expect(planProgress(stages)).toEqual({ done: 2, total: 4 });
    expect(planProgress([])).toEqual({ done: 0, total: 0 });
  });

  it("links a step to what it is about", () => {
    expect(stepLink({ kind: "module", ref: "direct-feedback" })).toBe("/modules/direct-feedback");
    expect(stepLink({ kind: "module", ref: "" })).toBeNull();
    expect(stepLink({ kind: "checklist", ref: "bsn" })).toBe("/checklists");
    expect(stepLink({ kind: "language", ref: "" })).toBe("/me");
    expect(stepLink({ kind: "meeting", ref: "" })).toBeNull();
  });

  it("puts the reader's own steps first and offers Done only on those still open", () => {
    const hrCall = step(1, { owner: "hr", can_mark_done: false });
    const mine = step(2);
    const done = step(3, { state: "done" });
    expect(ownStepsFirst([hrCall, mine, done]).map((s) => s.id)).toEqual([2, 3, 1]);
    expect(offersDone(hrCall)).toBe(false);
    expect(offersDone(mine)).toBe(true);
    expect(offersDone(done)).toBe(false);
  });

  it("says a due date in words, counted in calendar days of the time zone", () => {
    const now = new Date("2026-03-09T22:30:00Z"); // 23:30 on Monday in Amsterdam
    expect(daysFrom("2026-03-09T23:30:00Z", now, "Europe/Amsterdam")).toBe(1); // 00:30 Tuesday there
    expect(daysFrom("2026-03-09T23:30:00Z", now, "UTC")).toBe(0);
    // A calendar day stays that day: at 12:30 on the 10th in Kiritimati (UTC+14), the 10th is today.
    expect(daysFrom("2026-03-10", now, "Pacific/Kiritimati")).toBe(0);
    expect(daysFrom("2026-03-10", now, "Europe/Amsterdam")).toBe(1);
    expect(formatRelativeDay("2026-03-10T08:00:00Z", now, "en")).toBe("tomorrow");
    expect(formatRelativeDay("2026-03-12T08:00:00Z", now, "en")).toBe("in 3 days");
    expect(formatRelativeDay("2026-03-07T08:00:00Z", now, "en")).toBe("2 days ago");
    expect(formatRelativeDay("2026-03-09T08:00:00Z", now, "nl")).toBe("vandaag");
  });
});
