// The do-not-call registry's age: a registry is a list that changes every month, and a
// salesperson calling from an old copy calls numbers that have asked not to be called.

/** Days after which the call session warns that the do-not-call registry is out of date. */
export const REGISTRY_MAX_DAYS = 31;

/**
 * The warning for a registry loaded more than 31 days ago, or null (loaded recently, or
 * never: no registry is in use then).
 */
export function registryWarning(importedAt: string | null, now: Date): string | null {
  if (!importedAt) return null;
  const at = new Date(importedAt);
  const days = Math.floor((now.getTime() - at.getTime()) / 86_400_000);
  if (!(days > REGISTRY_MAX_DAYS)) return null;
  return (
    `the do-not-call registry was last loaded ${days} days ago (${importedAt.slice(0, 10)}); ` +
    'load the current one with `leads dnc import FILE` before calling'
  );
}
