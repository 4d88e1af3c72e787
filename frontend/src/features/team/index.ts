// The public face of features/team: other features import from here, never its files.
export { PeoplePanel } from "./PeoplePanel";
export { TeamsPanel } from "./TeamsPanel";
