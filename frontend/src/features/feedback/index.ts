// The public face of features/feedback: other features import from here, never its files.
export { HelpfulPrompt } from "./HelpfulPrompt";
