// The public face of features/readaloud: other features import from here, never its files.
export { ReadAloud, ReadAloudToggle } from "./ReadAloud";
export { plainText } from "./speech";
