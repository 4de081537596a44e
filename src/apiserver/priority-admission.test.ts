import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { builtinRegistry } from '../api/schema/registry.ts';
import { admitPriority } from './admission.ts';
import type { ServerDeps } from './context.ts';
import type { KubeObject } from './objects/codec.ts';
import { ApiError } from './status.ts';

const registry = builtinRegistry();
const pods = registry.resource('', 'v1', 'pods')!;
const classesRt = registry.resource('scheduling.k8s.io', 'v1', 'priorityclasses')!;

/** Just the two store reads the plugin makes, over a fixed list of classes. */
function deps(classes: { name: string; value: number; globalDefault?: boolean; preemptionPolicy?: string }[]): ServerDeps {
  const objs = classes.map((c) => ({ metadata: { name: c.name }, value: c.value, globalDefault: c.globalDefault, preemptionPolicy: c.preemptionPolicy }) as unknown as KubeObject);
  const store = {
    tryGet: async (_rt: unknown, _ns: unknown, name: string) => objs.find((o) => o.metadata.name === name),
    list: async (_rt: unknown, _ns: unknown, o: { filter?: (x: KubeObject) => boolean }) => ({ items: objs.filter((x) => !o.filter || o.filter(x)), revision: 1 }),
  };
  return { registry, store } as unknown as ServerDeps;
}

const pod = (spec: Record<string, unknown>) => ({ metadata: { name: 'p' }, spec: { containers: [], ...spec } }) as unknown as KubeObject;

describe('Priority admission', () => {
  const system = [{ name: 'system-node-critical', value: 2000001000 }, { name: 'system-cluster-critical', value: 2000000000 }];
  const cases: { name: string; classes?: typeof system; spec: Record<string, unknown>; want?: Record<string, unknown>; error?: RegExp }[] = [
    { name: 'no class, no default: priority 0', spec: {}, want: { priority: 0, preemptionPolicy: 'PreemptLowerPriority' } },
    { name: 'a named class resolves', spec: { priorityClassName: 'system-cluster-critical' }, want: { priorityClassName: 'system-cluster-critical', priority: 2000000000, preemptionPolicy: 'PreemptLowerPriority' } },
    { name: 'the class sets preemptionPolicy', classes: [{ name: 'batch', value: 10, preemptionPolicy: 'Never' } as never], spec: { priorityClassName: 'batch' }, want: { priorityClassName: 'batch', priority: 10, preemptionPolicy: 'Never' } },
    { name: 'global default (lowest of several)', classes: [{ name: 'a', value: 50, globalDefault: true } as never, { name: 'b', value: 20, globalDefault: true } as never], spec: {}, want: { priorityClassName: 'b', priority: 20, preemptionPolicy: 'PreemptLowerPriority' } },
    { name: 'missing class', spec: { priorityClassName: 'nope' }, error: /^pods "p" is forbidden: no PriorityClass with name nope was found$/ },
    { name: 'conflicting priority', spec: { priorityClassName: 'system-node-critical', priority: 5 }, error: /the integer value of priority \(5\) must not be provided in pod spec; priority admission controller computed 2000001000 from the given PriorityClass name/ },
    { name: 'matching priority is fine', spec: { priority: 0 }, want: { priority: 0, preemptionPolicy: 'PreemptLowerPriority' } },
    { name: 'conflicting preemptionPolicy', classes: [{ name: 'batch', value: 10, preemptionPolicy: 'Never' } as never], spec: { priorityClassName: 'batch', preemptionPolicy: 'PreemptLowerPriority' }, error: /the string value of PreemptionPolicy \(PreemptLowerPriority\) must not be provided/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const obj = pod(c.spec);
      const run = admitPriority(deps([...system, ...(c.classes ?? [])]), pods, obj);
      if (c.error) {
        await assert.rejects(run, (err: unknown) => err instanceof ApiError && err.code === 403 && c.error!.test(err.message));
        return;
      }
      await run;
      assert.deepEqual(obj.spec, { containers: [], ...c.want });
    });
  }

  it('allows only one globalDefault class', async () => {
    const pc = { metadata: { name: 'second' }, value: 1, globalDefault: true } as unknown as KubeObject;
    await assert.rejects(admitPriority(deps([{ name: 'first', value: 2, globalDefault: true }]), classesRt, pc), /PriorityClass first is already marked as default. Only one default can exist/);
  });
});
