// Builders shared by this folder's tests: a Widget CRD with a schema that exercises every rule.
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.d.ts';
import type { StructuralSchema } from './structural.ts';

export const widgetSchema: StructuralSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      description: 'Desired state.',
      required: ['color'],
      properties: {
        color: { type: 'string', enum: ['red', 'green', 'blue'] },
        replicas: { type: 'integer', format: 'int32', minimum: 0, maximum: 10, default: 1 },
        name: { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-z]+$' },
        port: { 'x-kubernetes-int-or-string': true },
        tags: { type: 'array', maxItems: 2, items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        ports: { type: 'array', minItems: 1, items: { type: 'object', properties: { port: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        note: { type: 'string', nullable: true },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { image: { type: 'string' } } } } },
      },
    },
    status: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'string' } } },
  },
};

export function widgetCrd(overrides: { group?: string; plural?: string; kind?: string; shortNames?: string[] } = {}): CustomResourceDefinition {
  const group = overrides.group ?? 'example.com';
  const plural = overrides.plural ?? 'widgets';
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural, singular: plural.replace(/s$/, ''), kind: overrides.kind ?? 'Widget', shortNames: overrides.shortNames ?? ['wg'] },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: widgetSchema as never },
          subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
          additionalPrinterColumns: [{ name: 'Color', type: 'string', jsonPath: '.spec.color' }],
        },
      ],
    },
  };
}
