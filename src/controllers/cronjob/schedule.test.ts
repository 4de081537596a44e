import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jobNameFor, mostRecentScheduleTime, parseSchedule, rfc3339In } from './schedule.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z'));

describe('parseSchedule: next activation', () => {
  const cases: [string, string, string, string][] = [
    ['* * * * *', 'UTC', '2024-01-01T00:00:30Z', '2024-01-01T00:01:00Z'],
    ['*/15 * * * *', 'UTC', '2024-01-01T00:15:00Z', '2024-01-01T00:30:00Z'],
    ['@hourly', 'UTC', '2024-01-01T10:59:00Z', '2024-01-01T11:00:00Z'],
    ['@daily', 'UTC', '2024-01-01T10:00:00Z', '2024-01-02T00:00:00Z'],
    ['@midnight', 'UTC', '2024-01-01T10:00:00Z', '2024-01-02T00:00:00Z'],
    ['@weekly', 'UTC', '2024-01-01T10:00:00Z', '2024-01-07T00:00:00Z'],
    ['@monthly', 'UTC', '2024-01-15T00:00:00Z', '2024-02-01T00:00:00Z'],
    ['@yearly', 'UTC', '2024-01-15T00:00:00Z', '2025-01-01T00:00:00Z'],
    ['0 9-17/4 * * MON-FRI', 'UTC', '2024-01-05T13:30:00Z', '2024-01-05T17:00:00Z'],
    ['0 9 * * mon-fri', 'UTC', '2024-01-05T10:00:00Z', '2024-01-08T09:00:00Z'],
    ['30 2 1 JAN,jul *', 'UTC', '2024-02-01T00:00:00Z', '2024-07-01T02:30:00Z'],
    ['0 0 1 * 1', 'UTC', '2024-09-01T00:00:00Z', '2024-09-02T00:00:00Z'], // day-of-month OR day-of-week, as cron
    ['0 9 * * *', 'America/New_York', '2024-01-01T00:00:00Z', '2024-01-01T14:00:00Z'],
    ['0 9 * * *', 'America/New_York', '2024-07-01T00:00:00Z', '2024-07-01T13:00:00Z'], // daylight saving time
    ['0 0 * * *', 'Asia/Kolkata', '2024-01-01T00:00:00Z', '2024-01-01T18:30:00Z'],
  ];
  for (const [schedule, tz, from, want] of cases) it(`${schedule} in ${tz} after ${from}`, () => assert.equal(iso(parseSchedule(schedule, tz).next(at(from))), want));

  const invalid: [string, string][] = [
    ['* * * *', 'UTC'], ['0 * * * * *', 'UTC'], ['61 * * * *', 'UTC'], ['H * * * *', 'UTC'], ['0 0 L * *', 'UTC'],
    ['0 0 * * 1#2', 'UTC'], ['@every 5m', 'UTC'], ['@reboot', 'UTC'], ['* * * * *', 'Mars/Olympus'],
  ];
  for (const [schedule, tz] of invalid) it(`rejects ${schedule} (${tz})`, () => assert.throws(() => parseSchedule(schedule, tz)));
});

describe('mostRecentScheduleTime', () => {
  const every15 = parseSchedule('*/15 * * * *', 'UTC');
  const cases: [string, { creationTimestamp?: string; lastScheduleTime?: string; startingDeadlineSeconds?: number }, string, boolean, { mostRecent?: string; missed: number }][] = [
    ['nothing due yet', { creationTimestamp: '2024-01-01T00:01:00Z' }, '2024-01-01T00:10:00Z', true, { missed: 0 }],
    ['one due', { creationTimestamp: '2024-01-01T00:01:00Z' }, '2024-01-01T00:16:00Z', true, { mostRecent: '2024-01-01T00:15:00Z', missed: 1 }],
    ['many missed since the last run', { lastScheduleTime: '2024-01-01T00:00:00Z' }, '2024-01-01T05:07:00Z', true, { mostRecent: '2024-01-01T05:00:00Z', missed: 20 }],
    ['startingDeadlineSeconds narrows the window', { lastScheduleTime: '2024-01-01T00:00:00Z', startingDeadlineSeconds: 600 }, '2024-01-01T05:07:00Z', true, { mostRecent: '2024-01-01T05:00:00Z', missed: 1 }],
    ['… unless told to ignore it', { lastScheduleTime: '2024-01-01T00:00:00Z', startingDeadlineSeconds: 600 }, '2024-01-01T05:07:00Z', false, { mostRecent: '2024-01-01T05:00:00Z', missed: 20 }],
    ['more than 100 missed', { lastScheduleTime: '2024-01-01T00:00:00Z' }, '2024-01-03T00:00:00Z', true, { mostRecent: '2024-01-03T00:00:00Z', missed: 192 }],
  ];
  for (const [name, cj, now, withDeadline, want] of cases) {
    it(name, () => {
      const got = mostRecentScheduleTime(cj, at(now), every15, withDeadline);
      assert.deepEqual({ mostRecent: iso(got.mostRecent), missed: got.missed }, { mostRecent: want.mostRecent, missed: want.missed });
    });
  }
  it('irregular schedules land on a real activation', () => {
    const irregular = parseSchedule('30 6-16/4 * * 1-5', 'UTC');
    const got = mostRecentScheduleTime({ lastScheduleTime: '2024-01-01T06:30:00Z' }, at('2024-01-10T12:00:00Z'), irregular, false);
    assert.equal(iso(got.mostRecent), '2024-01-10T10:30:00Z');
  });
});

describe('names and timestamps', () => {
  it('Job name is the scheduled minute since the epoch', () => assert.equal(jobNameFor('hello', at('2024-01-01T00:01:00Z')), `hello-${at('2024-01-01T00:01:00Z') / 60_000}`));
  const stamps: [string, string][] = [['UTC', '2024-01-01T05:07:00Z'], ['Europe/Berlin', '2024-01-01T06:07:00+01:00'], ['Asia/Kolkata', '2024-01-01T10:37:00+05:30'], ['America/New_York', '2024-01-01T00:07:00-05:00']];
  for (const [tz, want] of stamps) it(`scheduled timestamp in ${tz}`, () => assert.equal(rfc3339In(at('2024-01-01T05:07:00Z'), tz), want));
});
