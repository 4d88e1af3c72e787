import type { Schemas } from "../../api/client";

type Step = Schemas["Step"];

/** "5 of 21 done": steps HR skipped do not count. */
export function planProgress(stages: readonly { steps: readonly Step[] }[]): { done: number; total: number } {
  const steps = stages.flatMap((stage) => stage.steps).filter((step) => step.state !== "skipped");
  return { done: steps.filter((step) => step.state === "done").length, total: steps.length };
}

/** Where a step leads: its module, the checklists, the language plan; a meeting or task has no page. */
export function stepLink(step: Pick<Step, "kind" | "ref">): string | null {
  if (step.kind === "module" && step.ref) return `/modules/${encodeURIComponent(step.ref)}`;
  if (step.kind === "checklist") return "/checklists";
  if (step.kind === "language") return "/me";
  return null;
}

/** The reader's own steps first (in their order), then what others do for them. */
export function ownStepsFirst<T extends Pick<Step, "can_mark_done">>(steps: readonly T[]): T[] {
  return [...steps.filter((step) => step.can_mark_done), ...steps.filter((step) => !step.can_mark_done)];
}

/** Whether a Done button belongs on the step: the reader may mark it, and it is still open. */
export function offersDone(step: Pick<Step, "can_mark_done" | "state">): boolean {
  return step.can_mark_done && (step.state === "sent" || step.state === "planned");
}
