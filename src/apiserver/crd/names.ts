// Which of a CRD's requested names it may have, as upstream's naming controller decides: a name
// already accepted by another CRD of the group (or used by a built-in resource of the group) is a
// conflict, unless this CRD already holds it. The result is status.acceptedNames and the
// NamesAccepted condition (NoConflicts, or PluralConflict, SingularConflict, ShortNamesConflict,
// KindConflict, ListKindConflict).
import type { CustomResourceDefinition, CustomResourceDefinitionNames } from 'kubernetes-types/apiextensions/v1.d.ts';

export interface NameHolder {
  plural: string;
  singular?: string;
  shortNames?: string[];
  kind: string;
  listKind?: string;
}

export interface NamesDecision {
  acceptedNames: CustomResourceDefinitionNames;
  accepted: boolean;
  reason: string;
  message: string;
}

/** Requested names with upstream's defaults: singular = lower-case kind, listKind = kind + "List". */
export function requestedNames(crd: CustomResourceDefinition): CustomResourceDefinitionNames {
  const n = crd.spec.names;
  return { ...n, singular: n.singular || n.kind.toLowerCase(), listKind: n.listKind || `${n.kind}List` };
}

/** `holders`: the names in use in the CRD's group by everything else (other CRDs' accepted names, built-ins). */
export function decideNames(crd: CustomResourceDefinition, holders: NameHolder[]): NamesDecision {
  const resources = new Set<string>();
  const kinds = new Set<string>();
  for (const h of holders) {
    for (const n of [h.plural, h.singular, ...(h.shortNames ?? [])]) if (n) resources.add(n);
    for (const k of [h.kind, h.listKind]) if (k) kinds.add(k);
  }
  const requested = requestedNames(crd);
  const held: Partial<CustomResourceDefinitionNames> = crd.status?.acceptedNames ?? {};
  const out: CustomResourceDefinitionNames = { ...held, plural: held.plural ?? '', kind: held.kind ?? '' };
  let reason = '';
  let message = '';
  const conflict = (why: string, name: string) => {
    reason = why;
    message = `"${name}" is already in use`;
  };
  const free = (name: string | undefined, mine: string | undefined, used: Set<string>) => !name || name === mine || !used.has(name);
  if (free(requested.plural, held.plural, resources)) out.plural = requested.plural;
  else conflict('PluralConflict', requested.plural);
  if (free(requested.singular, held.singular, resources)) out.singular = requested.singular;
  else conflict('SingularConflict', requested.singular!);
  const taken = (requested.shortNames ?? []).find((s) => !(held.shortNames ?? []).includes(s) && resources.has(s));
  if (taken === undefined) out.shortNames = requested.shortNames;
  else conflict('ShortNamesConflict', taken);
  if (free(requested.kind, held.kind, kinds)) out.kind = requested.kind;
  else conflict('KindConflict', requested.kind);
  if (free(requested.listKind, held.listKind, kinds)) out.listKind = requested.listKind;
  else conflict('ListKindConflict', requested.listKind!);
  out.categories = requested.categories;
  for (const key of Object.keys(out) as (keyof CustomResourceDefinitionNames)[]) if (out[key] === undefined) delete out[key];
  if (reason) return { acceptedNames: out, accepted: false, reason, message };
  return { acceptedNames: out, accepted: true, reason: 'NoConflicts', message: 'no conflicts found' };
}
