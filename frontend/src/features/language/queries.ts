import { $api, useInvalidate } from "../../api/query";

const ALL = { params: { query: { page_size: 100 } } } as const;

export const useLanguagePlans = () => $api.useQuery("get", "/api/language/plans", ALL);
export const useCourses = () => $api.useQuery("get", "/api/language/courses", ALL);
export const useNewcomerProfiles = () => $api.useQuery("get", "/api/newcomers", ALL);
export const useMyLanguage = () => $api.useQuery("get", "/api/language/me");
export const useHoursTable = () => $api.useQuery("get", "/api/language/hours");
export const useEnrolments = (courseId: number) =>
  $api.useQuery("get", "/api/language/courses/{id}/enrolments", { params: { path: { id: courseId }, query: { page_size: 100 } } });

/** After any language write: plans, courses, seats, sessions and the hours table are read again. */
export function useLanguageChanged(): () => Promise<void> {
  const invalidate = useInvalidate();
  return () => invalidate("/api/language/");
}
