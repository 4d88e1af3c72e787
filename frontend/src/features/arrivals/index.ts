// The public face of features/arrivals: other features import from here, never its files.
export { ArrivalsLinkCard } from "./ArrivalsLinkCard";
