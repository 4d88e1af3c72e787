/**
 * The Vitest configuration Stryker runs (stryker.config.mjs): the app's own, with only the tests of
 * the files it mutates, so every mutant is judged by the tests written for that logic and a slow
 * page test elsewhere cannot fail the run.
 */
import base from "./vite.config";

export default {
  ...base,
  test: {
    ...base.test,
    include: ["src/offline/outbox*.test.ts", "src/app/*.test.{ts,tsx}", "src/i18n/*.test.{ts,tsx}"],
  },
};
