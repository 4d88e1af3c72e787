// The public face of features/signin: other features import from here, never its files.
export { CompanyAccountPanel } from "./CompanyAccountPanel";
