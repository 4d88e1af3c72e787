// The public face of features/newcomers: other features import from here, never its files.
export { AddNewcomerCard } from "./AddNewcomerCard";
