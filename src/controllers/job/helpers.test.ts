import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PodFailurePolicy } from 'kubernetes-types/batch/v1.d.ts';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { remainingBackoff, updateBackoff, type BackoffRecord } from './backoff.ts';
import { formatIndexes, parseIndexes } from './indexes.ts';
import { matchPodFailurePolicy } from './pod-failure-policy.ts';

const failedPod = (exitCode: number, name = "main", conditions: { type: string; status: string }[] = []): Pod => ({
  metadata: { namespace: 'ns', name: 'p' },
  status: { phase: 'Failed', conditions, containerStatuses: [{ name, image: 'i', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode } } }] },
});

describe('matchPodFailurePolicy', () => {
  const policy: PodFailurePolicy = {
    rules: [
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
      { action: 'Count', onExitCodes: { operator: 'NotIn', values: [1, 2] } },
      { action: 'Ignore', onExitCodes: { operator: 'In', values: [1] } },
    ],
  };
  const cases: [string, Pod, PodFailurePolicy | undefined, unknown][] = [
    ['no policy counts', failedPod(42), undefined, { action: 'Count' }],
    ['exit code In → FailJob with upstream message', failedPod(42), policy, { action: 'FailJob', message: 'Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 1' }],
    ['containerName must match', failedPod(42, 'side'), policy, { action: 'Count', ruleIndex: 2 }],
    ['pod condition → Ignore', failedPod(42, 'main', [{ type: 'DisruptionTarget', status: 'True' }]), policy, { action: 'Ignore' }],
    ['NotIn skips listed codes', failedPod(1), policy, { action: 'Ignore' }],
    ['no rule matches → Count', failedPod(2), policy, { action: 'Count' }],
    ['exit code 0 never matches', failedPod(0), { rules: [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [5] } }] }, { action: 'Count' }],
    ['FailJob on condition', failedPod(3, 'main', [{ type: 'ConfigIssue', status: 'True' }]), { rules: [{ action: 'FailJob', onPodConditions: [{ type: 'ConfigIssue', status: 'True' }] }] }, { action: 'FailJob', message: 'Pod ns/p has condition ConfigIssue matching FailJob rule at index 0' }],
  ];
  for (const [name, pod, p, want] of cases) it(name, () => assert.deepEqual(matchPodFailurePolicy(p, pod), want));
});

describe('pod failure back-off', () => {
  const t0 = 1_000_000;
  const cases: [string, BackoffRecord, number, number][] = [
    ['no failures, no wait', { failuresAfterLastSuccess: 0 }, t0, 0],
    ['one failure: 10 s', { failuresAfterLastSuccess: 1, lastFailureTime: t0 }, t0, 10_000],
    ['two failures: 20 s', { failuresAfterLastSuccess: 2, lastFailureTime: t0 }, t0, 20_000],
    ['three failures, 15 s later: 25 s left', { failuresAfterLastSuccess: 3, lastFailureTime: t0 }, t0 + 15_000, 25_000],
    ['capped at 10 min', { failuresAfterLastSuccess: 20, lastFailureTime: t0 }, t0, 600_000],
    ['elapsed', { failuresAfterLastSuccess: 1, lastFailureTime: t0 }, t0 + 11_000, 0],
  ];
  for (const [name, record, now, want] of cases) it(name, () => assert.equal(remainingBackoff(record, now), want));
  it('cap is configurable (6 min as upstream before 1.28)', () => assert.equal(remainingBackoff({ failuresAfterLastSuccess: 9, lastFailureTime: t0 }, t0, 10_000, 360_000), 360_000));

  const updates: [string, BackoffRecord, { succeeded: boolean; finishedAt: number }[], BackoffRecord][] = [
    ['failures add up', { failuresAfterLastSuccess: 1, lastFailureTime: 5 }, [{ succeeded: false, finishedAt: 9 }, { succeeded: false, finishedAt: 7 }], { failuresAfterLastSuccess: 3, lastFailureTime: 9 }],
    ['a success resets', { failuresAfterLastSuccess: 4, lastFailureTime: 5 }, [{ succeeded: true, finishedAt: 9 }], { failuresAfterLastSuccess: 0 }],
    ['only failures after the last success count', { failuresAfterLastSuccess: 4 }, [{ succeeded: false, finishedAt: 3 }, { succeeded: true, finishedAt: 5 }, { succeeded: false, finishedAt: 8 }], { failuresAfterLastSuccess: 1, lastFailureTime: 8 }],
    ['nothing new, unchanged', { failuresAfterLastSuccess: 2, lastFailureTime: 1 }, [], { failuresAfterLastSuccess: 2, lastFailureTime: 1 }],
  ];
  for (const [name, record, finished, want] of updates) it(name, () => assert.deepEqual(updateBackoff(record, finished), want));
});

describe('completed indexes', () => {
  const cases: [string, number, number[], string][] = [
    ['', 5, [], ''],
    ['0-2,5,7-8', 10, [0, 1, 2, 5, 7, 8], '0-2,5,7-8'],
    ['3,1-2', 10, [1, 2, 3], '1-3'],
    ['0-9', 4, [0, 1, 2, 3], '0-3'],
    ['x,2', 5, [2], '2'],
  ];
  for (const [text, completions, indexes, formatted] of cases) {
    it(`"${text}" of ${completions}`, () => {
      const parsed = parseIndexes(text, completions);
      assert.deepEqual([...parsed].sort((a, b) => a - b), indexes);
      assert.equal(formatIndexes(parsed), formatted);
    });
  }
});
