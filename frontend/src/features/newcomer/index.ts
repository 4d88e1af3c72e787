// The public face of features/newcomer: other features import from here, never its files.
export { MyStartPanel } from "./MyStartPanel";
