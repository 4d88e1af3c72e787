// The public face of features/checklists: other features import from here, never its files.
export { BoardLinkPanel } from "./BoardPage";
export { DueNextPanel } from "./DueNextPanel";
