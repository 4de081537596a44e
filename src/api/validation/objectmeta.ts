// metadata validation shared by every kind (upstream: apimachinery/pkg/api/validation/objectmeta.go
// and the name rules in pkg/apis/core/validation).

import type { ObjectMeta } from 'kubernetes-types/meta/v1.d.ts';
import { type Cause, forbidden, invalid, invalidEach, required, tooLong } from './field.ts';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isPathSegmentName, isQualifiedName, isValidLabelValue } from './names.ts';

/** Returns problems with a name; `prefix` means a generateName, whose trailing '-' is allowed. */
export type NameValidator = (name: string, prefix: boolean) => string[];

/** Upstream validates a generateName prefix without its trailing dash. */
const maskTrailingDash = (name: string, prefix: boolean): string => (prefix && name.length > 1 && name.endsWith('-') ? name.slice(0, -1) : name);

export const nameIsDNSSubdomain: NameValidator = (n, p) => isDNS1123Subdomain(maskTrailingDash(n, p));
export const nameIsDNSLabel: NameValidator = (n, p) => isDNS1123Label(maskTrailingDash(n, p));
export const nameIsDNS1035Label: NameValidator = (n, p) => isDNS1035Label(maskTrailingDash(n, p));
export const nameIsPathSegment: NameValidator = (n, p) => (p ? [] : isPathSegmentName(n));

const NAME_RULES: Record<string, NameValidator> = {
  Namespace: nameIsDNSLabel,
  Service: nameIsDNS1035Label,
  // RBAC names are only URL path segments, so "system:controller:foo" is valid.
  Role: nameIsPathSegment,
  ClusterRole: nameIsPathSegment,
  RoleBinding: nameIsPathSegment,
  ClusterRoleBinding: nameIsPathSegment,
};

/** The name rule of a kind; most kinds use DNS-1123 subdomains. */
export const nameValidatorFor = (kind: string): NameValidator => NAME_RULES[kind] ?? nameIsDNSSubdomain;

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function validateLabels(labels: Record<string, string> | undefined, field: string): Cause[] {
  const causes: Cause[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    causes.push(...invalidEach(field, k, isQualifiedName(k)));
    causes.push(...invalidEach(field, v, isValidLabelValue(v)));
  }
  return causes;
}

export function validateAnnotations(annotations: Record<string, string> | undefined, field: string): Cause[] {
  const causes: Cause[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    // Upstream checks annotation keys case-insensitively.
    causes.push(...invalidEach(field, k, isQualifiedName(k.toLowerCase())));
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) causes.push(tooLong(field, TOTAL_ANNOTATION_SIZE_LIMIT));
  return causes;
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

function validateFinalizers(finalizers: string[] | undefined, field: string): Cause[] {
  const causes: Cause[] = [];
  const seen = new Set<string>();
  for (const f of finalizers ?? []) {
    const errs = isQualifiedName(f);
    causes.push(...invalidEach(field, f, errs));
    if (errs.length === 0 && !f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      causes.push(invalid(field, f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
    if (seen.has(f)) causes.push(invalid(field, finalizers, `duplicate finalizer "${f}"`));
    seen.add(f);
  }
  return causes;
}

function validateOwnerReferences(refs: ObjectMeta['ownerReferences'], field: string): Cause[] {
  const causes: Cause[] = [];
  const controllers: string[] = [];
  for (const r of refs ?? []) {
    const version = (r.apiVersion ?? '').split('/').pop() ?? '';
    if (!version) causes.push(invalid(`${field}.apiVersion`, r.apiVersion ?? '', 'version must not be empty'));
    if (!r.kind) causes.push(invalid(`${field}.kind`, r.kind ?? '', 'kind must not be empty'));
    if (!r.name) causes.push(invalid(`${field}.name`, r.name ?? '', 'name must not be empty'));
    if (!r.uid) causes.push(invalid(`${field}.uid`, r.uid ?? '', 'uid must not be empty'));
    if (r.controller) controllers.push(`${r.kind}/${r.name}`);
  }
  if (controllers.length > 1) {
    causes.push(invalid(field, refs, `Only one reference can have Controller set to true. Found "true" in references for ${controllers.join(' and ')}`));
  }
  return causes;
}

export interface ObjectMetaOptions {
  namespaced: boolean;
  kind: string;
}

/** Validates metadata on create; pass `old` to add upstream's update rules (immutable identity). */
export function validateObjectMeta(meta: ObjectMeta | undefined, opts: ObjectMetaOptions, old?: ObjectMeta): Cause[] {
  const m = meta ?? {};
  const nameRule = nameValidatorFor(opts.kind);
  const causes: Cause[] = [];
  if (m.generateName) causes.push(...invalidEach('metadata.generateName', m.generateName, nameRule(m.generateName, true)));
  if (!m.name) {
    if (!m.generateName) causes.push(required('metadata.name', 'name or generateName is required'));
  } else {
    causes.push(...invalidEach('metadata.name', m.name, nameRule(m.name, false)));
  }
  if (opts.namespaced) {
    if (!m.namespace) causes.push(required('metadata.namespace'));
    else causes.push(...invalidEach('metadata.namespace', m.namespace, isDNS1123Label(m.namespace)));
  } else if (m.namespace) {
    causes.push(forbidden('metadata.namespace', 'not allowed on this type'));
  }
  if (m.generation !== undefined && m.generation < 0) causes.push(invalid('metadata.generation', m.generation, 'must be greater than or equal to 0'));
  causes.push(...validateLabels(m.labels, 'metadata.labels'));
  causes.push(...validateAnnotations(m.annotations, 'metadata.annotations'));
  causes.push(...validateOwnerReferences(m.ownerReferences, 'metadata.ownerReferences'));
  causes.push(...validateFinalizers(m.finalizers, 'metadata.finalizers'));
  if (old) causes.push(...validateObjectMetaUpdate(m, old));
  return causes;
}

function validateObjectMetaUpdate(m: ObjectMeta, old: ObjectMeta): Cause[] {
  const causes: Cause[] = [];
  const immutable: Array<keyof ObjectMeta> = ['name', 'namespace', 'uid', 'creationTimestamp'];
  for (const f of immutable) {
    // An empty value on update means "keep the stored one"; the server fills it in before this.
    if (m[f] !== undefined && old[f] !== undefined && m[f] !== old[f]) causes.push(invalid(`metadata.${f}`, m[f], 'field is immutable'));
  }
  return causes;
}
