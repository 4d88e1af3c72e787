import { describe, expect, it } from "vitest";
import { quizScore } from "./score";

const feedback = (correct: boolean) => ({ chosen: ["a"], correct, correct_choices: ["a"], explanation: "", explanation_language: "en", attempts: 1 });

describe("quizScore", () => {
  it("counts right answers and lists the wrong ones to look at again", () => {
    const score = quizScore([
      { key: "one", question: "First?", answer: feedback(true) },
      { key: "two", question: "Second?", answer: feedback(false) },
      { key: "three", question: "Third?", answer: null },
    ]);
    expect(score).toMatchObject({ total: 3, answered: 2, right: 1, passed: false });
    expect(score.lookAgain.map((question) => question.key)).toEqual(["two"]);
  });

  it("passes with every question answered and at least half right, never with every answer wrong", () => {
    expect(quizScore([{ key: "a", question: "A", answer: feedback(false) }]).passed).toBe(false);
    const half = [
      { key: "a", question: "A", answer: feedback(true) },
      { key: "b", question: "B", answer: feedback(false) },
    ];
    expect(quizScore(half).passed).toBe(true);
    expect(quizScore(half.map((q) => ({ ...q, answer: feedback(false) }))).passed).toBe(false);
  });
});
