import { configure } from "@testing-library/react";

import { i18nReady, loadLaterCatalog } from "./i18n";

// The app renders once the reader's catalog is there (main.tsx), and its screens show once the rest
// is there too (App.tsx): tests start after both.
await i18nReady;
await loadLaterCatalog();

// findBy*/waitFor wait up to 10 s (default 1 s): under make test's load a screen can take several
// seconds to render its answer; what a test waits for is unchanged.
configure({ asyncUtilTimeout: 10_000 });
