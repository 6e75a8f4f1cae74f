import type { RuleId } from '../rules/index.js';

/** Stability levels of `x-stability-level`, least stable first; no level reads as `stable`. */
export const STABILITY_LEVELS = ['draft', 'alpha', 'beta', 'stable'] as const;

export const SUNSET_KEY = 'x-sunset';
export const STABILITY_KEY = 'x-stability-level';

/** Whether an `x-stability-level` value is below `beta`: an operation still free to change (oasdiff's default). */
export function isUnstable(level: unknown): boolean {
  return level === 'draft' || level === 'alpha';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The date a change is judged on, and the sunset grace period a team asks for (none by default). */
export interface LifecyclePolicy {
  today: Date;
  /** When set, deprecating needs an `x-sunset` at least this many days after `today`. */
  minSunsetDays?: number;
}

/** One side of something with a lifecycle: an operation, a parameter or a property. */
export interface LifecycleSide {
  deprecated: boolean;
  extensions: Record<string, unknown> | undefined;
}

/** A lifecycle verdict: the rule and the words that explain it. */
export interface LifecycleFinding {
  rule: RuleId;
  detail: string;
}

/**
 * An `x-sunset` value: a Date (YAML reads an unquoted `2025-12-31` as one), an RFC 3339 full-date or date-time string,
 * `invalid` for anything else, undefined when absent.
 */
export function readSunset(value: unknown): Date | 'invalid' | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid' : value;
  if (typeof value !== 'string') return 'invalid';
  if (!/^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2}))?$/.test(value.trim()))
    return 'invalid';
  const date = new Date(value.trim().length === 10 ? `${value.trim()}T00:00:00Z` : value.trim());
  return Number.isNaN(date.getTime()) ? 'invalid' : date;
}

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
const show = (value: unknown): string => (value instanceof Date ? isoDay(value) : JSON.stringify(value));

function stabilityRank(value: unknown): number | 'invalid' {
  if (value === undefined) return STABILITY_LEVELS.length - 1;
  const rank = STABILITY_LEVELS.indexOf(value as (typeof STABILITY_LEVELS)[number]);
  return rank === -1 ? 'invalid' : rank;
}

/**
 * How something that still exists moved through its lifecycle: a sunset deleted, moved earlier or unreadable, a
 * deprecation without the sunset the policy asks for, a stability level going down or up. oasdiff reads the same
 * extensions; the verdicts follow its levels.
 */
export function judgeLifecycle(base: LifecycleSide, head: LifecycleSide, policy: LifecyclePolicy): LifecycleFinding[] {
  const out: LifecycleFinding[] = [];
  const bRaw = base.extensions?.[SUNSET_KEY];
  const hRaw = head.extensions?.[SUNSET_KEY];
  const bSun = readSunset(bRaw);
  const hSun = readSunset(hRaw);
  const sunsetTouched = show(bRaw) !== show(hRaw) || base.deprecated !== head.deprecated;
  if (head.deprecated && hSun === 'invalid' && sunsetTouched)
    out.push({ rule: 'sunset-invalid', detail: `x-sunset ${show(hRaw)} is not a date (RFC 3339, e.g. 2026-12-31)` });
  if (base.deprecated && head.deprecated && bSun instanceof Date && hSun === undefined)
    out.push({ rule: 'sunset-removed', detail: `x-sunset ${isoDay(bSun)} was deleted while it stays deprecated` });
  if (head.deprecated && bSun instanceof Date && hSun instanceof Date && hSun.getTime() < bSun.getTime())
    out.push({ rule: 'sunset-moved-earlier', detail: `x-sunset moved from ${isoDay(bSun)} to ${isoDay(hSun)}` });
  if (!base.deprecated && head.deprecated && policy.minSunsetDays !== undefined) {
    const earliest = new Date(policy.today.getTime() + policy.minSunsetDays * DAY_MS);
    if (hSun === undefined)
      out.push({
        rule: 'sunset-missing',
        detail: `deprecated without an x-sunset (${policy.minSunsetDays} days asked)`,
      });
    else if (hSun instanceof Date && hSun.getTime() < earliest.getTime() - DAY_MS / 2)
      out.push({
        rule: 'sunset-too-soon',
        detail: `x-sunset ${isoDay(hSun)} is before ${isoDay(earliest)} (${policy.minSunsetDays} days from ${isoDay(policy.today)})`,
      });
  }
  const bLevel = base.extensions?.[STABILITY_KEY];
  const hLevel = head.extensions?.[STABILITY_KEY];
  if (show(bLevel) !== show(hLevel)) {
    const bRank = stabilityRank(bLevel);
    const hRank = stabilityRank(hLevel);
    const from = bLevel === undefined ? 'stable (unset)' : show(bLevel);
    const to = hLevel === undefined ? 'stable (unset)' : show(hLevel);
    if (hRank === 'invalid')
      out.push({
        rule: 'stability-level-invalid',
        detail: `x-stability-level ${show(hLevel)} is not one of ${STABILITY_LEVELS.join(', ')}`,
      });
    else if (bRank !== 'invalid' && hRank < bRank)
      out.push({ rule: 'stability-decreased', detail: `x-stability-level ${from} → ${to}` });
    else if (bRank !== 'invalid' && hRank > bRank)
      out.push({ rule: 'stability-increased', detail: `x-stability-level ${from} → ${to}` });
  }
  return out;
}

/** A removed thing's verdict: deprecated with a sunset still ahead is early, deprecated otherwise is announced. */
export function judgeRemoval(
  base: LifecycleSide,
  policy: LifecyclePolicy,
): { state: 'not-deprecated' | 'before-sunset' | 'announced'; sunset?: string } {
  if (!base.deprecated) return { state: 'not-deprecated' };
  const sunset = readSunset(base.extensions?.[SUNSET_KEY]);
  if (sunset instanceof Date && isoDay(sunset) > isoDay(policy.today))
    return { state: 'before-sunset', sunset: isoDay(sunset) };
  return sunset instanceof Date ? { state: 'announced', sunset: isoDay(sunset) } : { state: 'announced' };
}
