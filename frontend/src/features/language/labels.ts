/** The CEFR levels the language screens offer. Dates, hours and weekday names: src/i18n/format.ts. */
export const LEVELS = ["A0", "A1", "A2", "B1", "B2", "C1"] as const;
export type LevelCode = (typeof LEVELS)[number];
