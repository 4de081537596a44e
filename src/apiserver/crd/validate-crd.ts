// The checks a CustomResourceDefinition must pass before it is stored, the subset of upstream's
// apiextensions validation that the server relies on when serving it: names, scope, exactly one
// storage version, and JSONPaths it can evaluate (printer columns, scale, selectable fields).
import type { CustomResourceDefinition, CustomResourceDefinitionVersion } from 'kubernetes-types/apiextensions/v1.d.ts';
import { invalid, notSupported, required, type Cause } from '../../api/validation/field.ts';
import { JsonPathError, parseJsonPath } from './jsonpath.ts';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function validateCrd(crd: CustomResourceDefinition): Cause[] {
  const causes: Cause[] = [];
  const spec = crd.spec ?? ({} as CustomResourceDefinition['spec']);
  const names = spec.names ?? ({} as CustomResourceDefinition['spec']['names']);
  if (!spec.group) causes.push(required('spec.group'));
  else if (!spec.group.includes('.')) causes.push(invalid('spec.group', spec.group, 'should be a domain with at least one dot'));
  if (!names.plural) causes.push(required('spec.names.plural'));
  else if (!DNS_LABEL.test(names.plural)) causes.push(invalid('spec.names.plural', names.plural, 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\''));
  if (!names.kind) causes.push(required('spec.names.kind'));
  if (names.plural && spec.group && crd.metadata?.name !== `${names.plural}.${spec.group}`) {
    causes.push(invalid('metadata.name', crd.metadata?.name ?? '', 'must be spec.names.plural+"."+spec.group'));
  }
  if (!['Namespaced', 'Cluster'].includes(spec.scope)) causes.push(notSupported('spec.scope', spec.scope ?? '', ['Cluster', 'Namespaced']));
  const versions = spec.versions ?? [];
  if (versions.length === 0) causes.push(required('spec.versions', 'must have exactly one version marked as storage version'));
  else if (versions.filter((v) => v.storage).length !== 1) {
    causes.push(invalid('spec.versions', versions.map((v) => v.name), 'must have exactly one version marked as storage version'));
  }
  versions.forEach((v, i) => causes.push(...validateVersion(v, `spec.versions[${i}]`)));
  return causes;
}

function validateVersion(v: CustomResourceDefinitionVersion, path: string): Cause[] {
  const causes: Cause[] = [];
  if (!v.name || !DNS_LABEL.test(v.name)) causes.push(invalid(`${path}.name`, v.name ?? '', 'a DNS-1035 label must consist of lower case alphanumeric characters'));
  if (!v.schema?.openAPIV3Schema) causes.push(required(`${path}.schema.openAPIV3Schema`, 'schemas are required'));
  const checkPath = (field: string, value: string | undefined, under?: string) => {
    if (value === undefined) return;
    try {
      parseJsonPath(value);
      if (under && !value.startsWith(`${under}.`)) causes.push(invalid(field, value, `should be a json path under ${under}`));
    } catch (err) {
      if (!(err instanceof JsonPathError)) throw err;
      causes.push(invalid(field, value, err.message));
    }
  };
  (v.additionalPrinterColumns ?? []).forEach((c, j) => checkPath(`${path}.additionalPrinterColumns[${j}].jsonPath`, c.jsonPath));
  (v.selectableFields ?? []).forEach((f, j) => checkPath(`${path}.selectableFields[${j}].jsonPath`, f.jsonPath));
  const scale = v.subresources?.scale;
  if (scale) {
    if (!scale.specReplicasPath) causes.push(required(`${path}.subresources.scale.specReplicasPath`));
    checkPath(`${path}.subresources.scale.specReplicasPath`, scale.specReplicasPath, '.spec');
    if (!scale.statusReplicasPath) causes.push(required(`${path}.subresources.scale.statusReplicasPath`));
    checkPath(`${path}.subresources.scale.statusReplicasPath`, scale.statusReplicasPath, '.status');
    checkPath(`${path}.subresources.scale.labelSelectorPath`, scale.labelSelectorPath);
  }
  return causes;
}
