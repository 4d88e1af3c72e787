// ESLint 9 flat config: `npm run lint` (make lint runs it too).
import { readdirSync } from "node:fs";
import js from "@eslint/js";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Import boundaries (the bulletproof-react way): a feature under src/features/<name>/ may use shared
// code (src/api, src/components, src/i18n, src/offline, src/app …) and another feature only through that
// feature's public src/features/<other>/index.ts, never its internal files.
const features = readdirSync(new URL("./src/features", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const featureBoundaries = features.map((name) => ({
  target: `./src/features/${name}`,
  from: "./src/features",
  except: [`./${name}`, ...features.filter((other) => other !== name).map((other) => `./${other}/index.ts`)],
  message: `Import another feature through its index.ts (src/features/<feature>/index.ts), not its files.`,
}));

// Shared code (what several features use) sits below the features and never imports one: a component
// that needs a feature's data takes it as a prop from the app layer (src/app/), which composes features.
// Tests under a shared folder may render a feature's components (they check catalogs against real screens).
const SHARED = ["components", "api", "i18n", "lib", "offline"];
const sharedBoundaries = SHARED.map((folder) => ({
  target: `./src/${folder}`,
  from: "./src/features",
  message: `src/${folder} is shared code and must not import a feature: pass the value in from src/app/ instead.`,
}));

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "src/api/schema.d.ts", "stryker-tmp/", "reports/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  jsxA11y.flatConfigs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".tsx", ".js", ".json"] })],
    },
    rules: {
      "import-x/no-restricted-paths": [
        "error",
        { basePath: import.meta.dirname, zones: [...featureBoundaries, ...sharedBoundaries] },
      ],
      // Unused names are an error, except the `_name` a destructuring uses to leave a field out.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  {
    // Tests may render features from a shared folder; the features' own boundaries still hold there.
    files: ["src/**/*.test.{ts,tsx}"],
    rules: {
      "import-x/no-restricted-paths": ["error", { basePath: import.meta.dirname, zones: featureBoundaries }],
    },
  },
  {
    // The service worker runs in a worker's global scope, not a page's.
    files: ["src/sw.ts"],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    // Build and tool configuration runs in Node.
    files: ["*.{js,ts}", "scripts/**/*.{js,mjs,ts}"],
    languageOptions: { globals: { ...globals.node } },
  },
);
