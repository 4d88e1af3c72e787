// make mutation-frontend (docs/testing.md, "Mutation testing"): Stryker on the frontend's logic,
// run by its Vitest runner, MUTATION_JOBS test processes at once (make mutation-frontend; 1 here).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner", "@stryker-mutator/typescript-checker"],
  // The TypeScript checker (which drops mutants that do not compile) is left off: on the shared
  // 2-core machine it made a run take over an hour. Add --checkers typescript to have it.
  checkers: [],
  tsconfigFile: "tsconfig.json",
  // Results are kept between runs; a rerun tests only mutants whose code or tests changed.
  incremental: true,
  incrementalFile: "../var/mutation/frontend/stryker-incremental.json",
  coverageAnalysis: "perTest",
  concurrency: 1,
  mutate: [
    "src/offline/outbox.ts", // the offline outbox: what is queued, sent, retried and dropped
    "src/app/access.ts", // route guards: which role may open which page
    "src/i18n/index.ts", // the interface language: the person's choice, the browser's, then English
    // which catalog a language loads (its import.meta.glob lines must stay literal for Vite)
    "src/i18n/loader.ts:14-22",
    "src/i18n/parts.ts", // which part of a language's catalog a file belongs to
    "src/i18n/format.ts", // dates, times and numbers in the reader's language and zone
  ],
  thresholds: { high: 90, low: 80, break: 80 },
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "../var/mutation/frontend/index.html" },
  jsonReporter: { fileName: "../var/mutation/frontend/report.json" },
  // In place: vite.config.ts finds translations/ as ../translations, which a sandbox copy of
  // frontend/ would not. Stryker puts every file back when it ends or is interrupted.
  inPlace: true,
};
