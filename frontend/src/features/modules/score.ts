import type { Schemas } from "../../api/client";

type Question = Pick<Schemas["QuizQuestion"], "key" | "question" | "answer">;

export interface QuizScore {
  total: number;
  answered: number;
  right: number;
  /** Questions answered, but not right: the ones to look at again. */
  lookAgain: Question[];
  /** Every question answered and at least half right: the server lets the module be finished. */
  passed: boolean;
}

/** The score of a module's quiz from each question's latest answer (scored by the server). */
export function quizScore(quiz: readonly Question[]): QuizScore {
  const answered = quiz.filter((question) => question.answer);
  const lookAgain = answered.filter((question) => !question.answer?.correct);
  const right = answered.length - lookAgain.length;
  return {
    total: quiz.length,
    answered: answered.length,
    right,
    lookAgain,
    passed: answered.length === quiz.length && right * 2 >= quiz.length,
  };
}
