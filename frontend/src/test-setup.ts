import { configure } from "@testing-library/react";
import { beforeEach } from "vitest";

import { i18nReady, loadLaterCatalog } from "./i18n";

// The app renders once the reader's catalog is there (main.tsx), and its screens show once the rest
// is there too (App.tsx): tests start after both. If that set-up fails, every test fails with its
// error, rather than the file failing before any test runs: a run in which no test ran reads as a
// pass to Stryker (stryker-js issue 6150), so a fault in the i18n set-up would count as a survivor.
let setupFailure: unknown = null;
try {
  await i18nReady;
  await loadLaterCatalog();
} catch (error) {
  setupFailure = error ?? new Error("The interface texts' set-up failed");
}
beforeEach(() => {
  if (setupFailure !== null) throw setupFailure;
});

// findBy*/waitFor wait up to 10 s (default 1 s): under make test's load a screen can take several
// seconds to render its answer; what a test waits for is unchanged.
configure({ asyncUtilTimeout: 10_000 });
