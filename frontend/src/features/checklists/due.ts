/**
 * How a due date reads: "5 days left", "due today", "3 days late". The days are counted on the
 * device's calendar (useTimes().daysUntil), as Today counts its steps (docs/mobile-app.md, "Times").
 */
export type DueState = { key: "checklists.due.none" | "checklists.due.today" | "checklists.due.left" | "checklists.due.late"; count: number; late: boolean };

export function dueState(daysLeft: number | null | undefined): DueState {
  if (daysLeft === null || daysLeft === undefined) return { key: "checklists.due.none", count: 0, late: false };
  if (daysLeft === 0) return { key: "checklists.due.today", count: 0, late: false };
  if (daysLeft > 0) return { key: "checklists.due.left", count: daysLeft, late: false };
  return { key: "checklists.due.late", count: -daysLeft, late: true };
}
