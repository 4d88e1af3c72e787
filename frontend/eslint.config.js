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
      "import-x/no-restricted-paths": ["error", { basePath: import.meta.dirname, zones: featureBoundaries }],
      // Unused names are an error, except the `_name` a destructuring uses to leave a field out.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
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
