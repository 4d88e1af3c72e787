import { cleanup, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { setOnline } from "../../offline/connectivity";
import { clearOutbox, pendingFor } from "../../offline/outbox";
import { ME, renderWithOutbox, server } from "../../offline/testing";
import { QuizQuestion } from "./Quiz";

const question = {
  key: "late",
  version: "3f2a9c1d0b7e4a65",
  kind: "single" as const,
  question: "Your train is late. What do you do?",
  language: "en",
  options: [
    { id: "nothing", text: "Nothing" },
    { id: "message", text: "Send a message before the start" },
  ],
  answer: null,
};

describe("QuizQuestion", () => {
  afterEach(async () => {
    cleanup();
    vi.unstubAllGlobals();
    setOnline(true);
    await clearOutbox();
  });

  const VERDICT = { chosen: ["nothing"], correct: false, correct_choices: ["message"], explanation: "Warn people.", attempts: 1 };

  it("sends the choice and shows the server's verdict and explanation right away", async () => {
    await i18n.changeLanguage("en");
    const { calls } = server(() => new Response(JSON.stringify(VERDICT), { status: 200, headers: { "Content-Type": "application/json" } }));
    const onAnswered = vi.fn();
    renderWithOutbox(<QuizQuestion slug="planning-punctuality" question={question} lang="en" onAnswered={onAnswered} />);
    const check = await screen.findByRole("button", { name: "Check my answer" });
    expect(check).toHaveProperty("disabled", true);
    await userEvent.click(screen.getByLabelText("Nothing"));
    await userEvent.click(check);
    const verdict = await screen.findByRole("status");
    expect(verdict.textContent).toContain("Not quite.");
    expect(verdict.textContent).toContain("Warn people.");
    expect(calls[0].url).toContain("/api/modules/planning-punctuality/quiz/late?lang=en");
    expect(calls[0].body).toEqual({ choices: ["nothing"], version: "3f2a9c1d0b7e4a65" });
    expect(onAnswered).toHaveBeenCalledWith("late", expect.objectContaining({ correct: false }));
    expect(screen.getByText("(right answer)")).toBeTruthy();
  });

  it("offline, keeps the answer waiting and shows the verdict once it was sent", async () => {
    await i18n.changeLanguage("en");
    const { calls } = server(() => new Response(JSON.stringify(VERDICT), { status: 200 }));
    const onAnswered = vi.fn();
    renderWithOutbox(<QuizQuestion slug="planning-punctuality" question={question} lang="en" onAnswered={onAnswered} />);
    await userEvent.click(await screen.findByLabelText("Nothing"));
    setOnline(false);
    await userEvent.click(screen.getByRole("button", { name: "Check my answer" }));
    expect((await screen.findByRole("status")).textContent).toBe("Waiting to send");
    expect(screen.getByRole("button", { name: "Check my answer" })).toHaveProperty("disabled", true);
    expect(calls).toEqual([]);
    expect(await pendingFor(ME.id)).toHaveLength(1);
    setOnline(true);
    expect(await screen.findByText("Not quite.")).toBeTruthy();
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toContain("/api/modules/planning-punctuality/quiz/late?lang=en");
    expect(onAnswered).toHaveBeenCalledTimes(1);
  });

  it("an answer queued offline to a question that changed meanwhile is not scored; the page reloads it", async () => {
    await i18n.changeLanguage("en");
    const conflict = { code: "conflict", detail: "This question was changed after you answered it.", fields: {} };
    const { calls } = server(() => new Response(JSON.stringify(conflict), { status: 409 }));
    const onAnswered = vi.fn();
    const onStale = vi.fn();
    renderWithOutbox(
      <QuizQuestion slug="planning-punctuality" question={question} lang="en" onAnswered={onAnswered} onStale={onStale} />,
    );
    await userEvent.click(await screen.findByLabelText("Nothing"));
    setOnline(false);
    await userEvent.click(screen.getByRole("button", { name: "Check my answer" }));
    expect((await screen.findByRole("status")).textContent).toBe("Waiting to send");
    setOnline(true);
    await vi.waitFor(() => expect(onStale).toHaveBeenCalledTimes(1));
    expect(calls).toHaveLength(1);
    expect(onAnswered).not.toHaveBeenCalled();
    expect(screen.queryByText("Waiting to send")).toBeNull();
    expect(await pendingFor(ME.id)).toEqual([]);
  });

  it("online, a refused answer says why in the reader's language", async () => {
    await i18n.changeLanguage("en");
    server(() => new Response(JSON.stringify({ code: "conflict", detail: "Changed.", fields: {} }), { status: 409 }));
    const onStale = vi.fn();
    renderWithOutbox(
      <QuizQuestion slug="planning-punctuality" question={question} lang="en" onAnswered={vi.fn()} onStale={onStale} />,
    );
    await userEvent.click(await screen.findByLabelText("Nothing"));
    await userEvent.click(screen.getByRole("button", { name: "Check my answer" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/^The question was changed after you answered it/);
    expect(onStale).toHaveBeenCalledTimes(1);
  });
});
