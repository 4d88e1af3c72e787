// The public face of features/push: other features import from here, never its files.
export { PushPanel } from "./PushPanel";
