// Small TypeDefs for the patch tests: Deployment → spec → template → PodSpec, with upstream's
// patch strategies and merge keys for the fields exercised.

import type { FieldDef, Schema, TypeDef } from '../schema/types.ts';
import type { TypeLookup } from './schema.ts';

const ref = (name: string): Schema => ({ type: 'ref', name });
const str: Schema = { type: 'string' };
const list = (items: Schema): Schema => ({ type: 'array', items });
const mergeList = (items: Schema, key?: string, strategy: FieldDef['patchStrategy'] = 'merge'): FieldDef => ({ schema: list(items), patchStrategy: strategy, ...(key ? { patchMergeKey: key } : {}) });

const types: TypeDef[] = [
  { name: 'Deployment', fields: { metadata: { schema: ref('ObjectMeta') }, spec: { schema: ref('DeploymentSpec') } } },
  {
    name: 'ObjectMeta',
    fields: { labels: { schema: { type: 'map', values: str } }, annotations: { schema: { type: 'map', values: str } }, finalizers: mergeList(str) },
  },
  {
    name: 'DeploymentSpec',
    fields: { replicas: { schema: { type: 'integer' } }, template: { schema: ref('PodTemplateSpec') }, strategy: { schema: ref('DeploymentStrategy'), patchStrategy: 'retainKeys' } },
  },
  { name: 'DeploymentStrategy', fields: { type: { schema: str }, rollingUpdate: { schema: { type: 'any' } } } },
  { name: 'PodTemplateSpec', fields: { metadata: { schema: ref('ObjectMeta') }, spec: { schema: ref('PodSpec') } } },
  {
    name: 'PodSpec',
    fields: {
      containers: mergeList(ref('Container'), 'name'),
      volumes: mergeList(ref('Volume'), 'name', 'merge,retainKeys'),
      tolerations: { schema: list({ type: 'any' }) },
      nodeSelector: { schema: { type: 'map', values: str }, patchStrategy: 'replace' },
    },
  },
  {
    name: 'Container',
    fields: {
      name: { schema: str },
      image: { schema: str },
      args: { schema: list(str) },
      env: mergeList(ref('EnvVar'), 'name'),
      ports: mergeList(ref('ContainerPort'), 'containerPort'),
    },
  },
  { name: 'EnvVar', fields: { name: { schema: str }, value: { schema: str } } },
  { name: 'ContainerPort', fields: { containerPort: { schema: { type: 'integer' } }, protocol: { schema: str } } },
  { name: 'Volume', fields: { name: { schema: str }, emptyDir: { schema: { type: 'any' } }, hostPath: { schema: { type: 'any' } } } },
];

const byName = new Map(types.map((t) => [t.name, t]));
export const testLookup: TypeLookup = (name) => byName.get(name);
