// The public face of features/journeys: other features import from here, never its files.
export { MyStepsPanel, NewcomersProgressPanel, TodayPanel } from "./JourneyPanels";
export { stepLink } from "./today";
