// The public face of features/chat: other features import from here, never its files.
export { ChatPanel } from "./ChatPanel";
