// The public face of features/modules: other features import from here, never its files.
export { ModulesPanel } from "./ModulesPanel";
