import { configure } from "@testing-library/react";

import "../src/i18n";

// findBy*/waitFor wait up to 10 s (default 1 s): under make test's load a screen can take several
// seconds to render its answer; what a test waits for is unchanged.
configure({ asyncUtilTimeout: 10_000 });
