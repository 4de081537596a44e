// Cron schedules as upstream's CronJob controller reads them (robfig/cron ParseStandard): five fields
// (minute hour day-of-month month day-of-week, with ranges, steps, lists and JAN/SUN names) or a
// macro, evaluated in spec.timeZone. The arithmetic of missed start times follows upstream
// pkg/controller/cronjob/utils.go (mostRecentScheduleTime, nextScheduleTime).
import { CronExpressionParser } from 'cron-parser';

export interface Schedule {
  /** The first activation strictly after `ms`. */
  next(ms: number): number;
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};
const NAMES = /JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT/gi;

/** Throws with a reason when the schedule is not one upstream accepts or the zone is unknown. */
export function parseSchedule(schedule: string, timeZone: string): Schedule {
  const trimmed = schedule.trim();
  const expression = trimmed.startsWith('@') ? MACROS[trimmed.toLowerCase()] : trimmed;
  if (expression === undefined) throw new Error(`unrecognized descriptor: ${trimmed}`);
  const fields = expression.split(/\s+/);
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: ${trimmed}`);
  // cron-parser also knows Quartz-style H, L, W and #, which Kubernetes schedules do not allow.
  for (const f of fields) if (!/^[\d*?,/-]+$/.test(f.replace(NAMES, '0'))) throw new Error(`failed to parse field "${f}"`);
  if (!isValidTimeZone(timeZone)) throw new Error(`unknown time zone ${timeZone}`);
  const parsed = CronExpressionParser.parse(expression, { tz: timeZone, currentDate: 0 });
  return {
    next(ms) {
      parsed.reset(new Date(ms));
      return parsed.next().getTime();
    },
  };
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The zone this process runs in: upstream evaluates schedules without spec.timeZone in the controller manager's local zone. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export interface MissedStarts {
  /** When counting started: the last schedule time, the creation time, or now − startingDeadlineSeconds. */
  earliest: number;
  /** The newest activation at or before now, if any. */
  mostRecent?: number;
  missed: number;
}

export interface CronJobTimes {
  creationTimestamp?: string;
  lastScheduleTime?: string;
  startingDeadlineSeconds?: number;
}

/**
 * Activations between the last one handled and now. Counting them one by one could take millions of
 * steps for a long-stopped controller, so the interval between two activations gives the count and
 * the schedule is walked only over the last stretch (which also handles irregular schedules).
 */
export function mostRecentScheduleTime(cj: CronJobTimes, now: number, schedule: Schedule, includeStartingDeadline: boolean): MissedStarts {
  let earliest = Date.parse(cj.lastScheduleTime ?? cj.creationTimestamp ?? '') || now;
  if (includeStartingDeadline && cj.startingDeadlineSeconds != null) earliest = Math.max(earliest, now - cj.startingDeadlineSeconds * 1000);
  const t1 = schedule.next(earliest);
  const t2 = schedule.next(t1);
  if (now < t1) return { earliest, missed: 0 };
  if (now < t2) return { earliest, mostRecent: t1, missed: 1 };
  const interval = Math.round((t2 - t1) / 1000);
  if (interval < 1) throw new Error('time difference between two schedules is less than 1 second');
  const missed = Math.floor((now - t1) / 1000 / interval) + 1;
  let mostRecent = t1;
  for (let t = schedule.next(t1 + (missed - 2) * interval * 1000); t <= now; t = schedule.next(t)) mostRecent = t;
  return { earliest, mostRecent, missed };
}

/** Upstream formats the scheduled-timestamp annotation as RFC 3339 in the CronJob's zone (UTC without one). */
export function rfc3339In(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset === '' || offset === '+00:00' ? 'Z' : offset}`;
}

/** Jobs are named after their scheduled time in minutes since the epoch, so a retry cannot start a second one. */
export function jobNameFor(cronJobName: string, scheduled: number): string {
  return `${cronJobName}-${Math.floor(scheduled / 60_000)}`;
}
