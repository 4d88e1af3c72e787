import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { QuizQuestion } from "./Quiz";

const question = {
  key: "late",
  kind: "single" as const,
  question: "Your train is late. What do you do?",
  options: [
    { id: "nothing", text: "Nothing" },
    { id: "message", text: "Send a message before the start" },
  ],
  answer: null,
};

describe("QuizQuestion", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends the choice and shows the server's verdict and explanation right away", async () => {
    await i18n.changeLanguage("en");
    const calls: Request[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        calls.push(request);
        const body = { chosen: ["nothing"], correct: false, correct_choices: ["message"], explanation: "Warn people.", attempts: 1 };
        return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
      }),
    );
    const onAnswered = vi.fn();
    render(<QuizQuestion slug="planning-punctuality" question={question} lang="en" onAnswered={onAnswered} />);
    const check = screen.getByRole("button", { name: "Check my answer" });
    expect(check).toHaveProperty("disabled", true);
    await userEvent.click(screen.getByLabelText("Nothing"));
    await userEvent.click(check);
    const verdict = await screen.findByRole("status");
    expect(verdict.textContent).toContain("Not quite.");
    expect(verdict.textContent).toContain("Warn people.");
    expect(calls[0].url).toContain("/api/modules/planning-punctuality/quiz/late?lang=en");
    expect(await calls[0].json()).toEqual({ choices: ["nothing"] });
    expect(onAnswered).toHaveBeenCalledWith("late", expect.objectContaining({ correct: false }));
    expect(screen.getByText("(right answer)")).toBeTruthy();
  });
});
