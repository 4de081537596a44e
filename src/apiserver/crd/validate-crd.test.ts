import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.d.ts';
import { validateCrd } from './validate-crd.ts';
import { widgetCrd } from './testing.ts';

test('CRD checks', () => {
  const cases: [string, (crd: CustomResourceDefinition) => void, string[]][] = [
    ['valid', () => {}, []],
    ['name', (c) => (c.metadata!.name = 'widgets'), ['metadata.name: Invalid value: "widgets": must be spec.names.plural+"."+spec.group']],
    ['group without a dot', (c) => { c.spec.group = 'example'; c.metadata!.name = 'widgets.example'; }, ['spec.group: Invalid value: "example": should be a domain with at least one dot']],
    ['scope', (c) => (c.spec.scope = 'Global'), ['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"']],
    ['two storage versions', (c) => c.spec.versions.push({ ...c.spec.versions[0]!, name: 'v2' }), ['spec.versions: Invalid value: []string{"v1", "v2"}: must have exactly one version marked as storage version']],
    ['printer column path', (c) => (c.spec.versions[0]!.additionalPrinterColumns = [{ name: 'X', type: 'string', jsonPath: '.spec[?(@.a)]' }]), ['spec.versions[0].additionalPrinterColumns[0].jsonPath: Invalid value: ".spec[?(@.a)]": unsupported JSONPath ".spec[?(@.a)]"']],
    ['scale path outside spec', (c) => (c.spec.versions[0]!.subresources!.scale!.specReplicasPath = '.status.replicas'), ['spec.versions[0].subresources.scale.specReplicasPath: Invalid value: ".status.replicas": should be a json path under .spec']],
    ['schema required', (c) => delete c.spec.versions[0]!.schema, ['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required']],
  ];
  for (const [name, change, want] of cases) {
    const crd = widgetCrd();
    change(crd);
    assert.deepEqual(validateCrd(crd).map((c) => `${c.field}: ${c.message}`), want, name);
  }
});
