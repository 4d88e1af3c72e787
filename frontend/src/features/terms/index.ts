// The public face of features/terms: other features import from here, never its files.
export { MarkedText } from "./MarkedText";
export { useTerms } from "./useTerms";
