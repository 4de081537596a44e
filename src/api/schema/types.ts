// The shape of the schema registry: the single source from which OpenAPI, discovery, Table output,
// strategic-merge-patch and protobuf decoding are derived. Field names, protobuf numbers and merge keys
// are facts of the Kubernetes API (see api/openapi-spec and each group's generated.proto upstream).

/** A value's schema. Named object types are referenced by their OpenAPI definition name. */
export type Schema =
  | { type: 'string'; format?: 'byte' | 'date-time' | 'int-or-string'; enum?: string[] }
  | { type: 'integer'; format?: 'int32' | 'int64' }
  | { type: 'number'; format?: 'double' }
  | { type: 'boolean' }
  /** A named TypeDef, e.g. 'io.k8s.api.core.v1.PodSpec'. */
  | { type: 'ref'; name: string }
  | { type: 'array'; items: Schema; listType?: 'atomic' | 'set' | 'map'; listMapKeys?: string[] }
  | { type: 'map'; values: Schema }
  /** resource.Quantity: a string in JSON ("100m"), a message in protobuf. */
  | { type: 'quantity' }
  /** intstr.IntOrString: a number or a string. */
  | { type: 'int-or-string' }
  /** metav1.Time / MicroTime: RFC 3339 text. */
  | { type: 'time'; micro?: boolean }
  /** Arbitrary JSON (runtime.RawExtension, apiextensions JSON). */
  | { type: 'any' };

export type PatchStrategy = 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';

export interface FieldDef {
  schema: Schema;
  /** Field number in the type's protobuf message (generated.proto). */
  protobuf?: number;
  /** x-kubernetes-patch-strategy */
  patchStrategy?: PatchStrategy;
  /** x-kubernetes-patch-merge-key */
  patchMergeKey?: string;
  required?: boolean;
  /**
   * The Go field is a pointer (*int32, *bool, *string, *IntOrString…). Protobuf carries such a field
   * only when it is set, so a zero value on the wire was meant (Deployment spec.replicas: 0,
   * DeleteOptions gracePeriodSeconds: 0) and protobuf decoding keeps it; a non-pointer scalar's zero
   * value is always on the wire and is dropped, as Go's JSON omitempty would drop it.
   */
  pointer?: boolean;
  description?: string;
  /**
   * Go embedding: in JSON the referenced type's fields sit directly in this object (Volume carries
   * VolumeSource's fields); in protobuf they travel as one nested message at `protobuf`.
   */
  inline?: boolean;
  /**
   * The protobuf message (a TypeDef name) that carries this field when its JSON form is not that
   * message: raw-JSON wrappers (RawExtension, FieldsV1, apiextensions JSON and JSONSchemaPropsOr*)
   * and list wrappers (ExtraValue, Verbs) whose JSON is a plain array.
   */
  protobufMessage?: string;
}

export interface TypeDef {
  /** OpenAPI definition name, e.g. 'io.k8s.api.apps.v1.Deployment'. */
  name: string;
  description?: string;
  fields: Record<string, FieldDef>;
}

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  /** 0 = always shown; 1 = only with -o wide. */
  priority: number;
  description: string;
  /** The cell for one object (JSON-shaped). */
  cell(obj: any, now: Date): unknown;
}

export interface Subresource {
  /** e.g. 'status', 'scale', 'binding', 'eviction', 'log', 'exec', 'attach', 'portforward', 'token'. */
  name: string;
  /** Kind of the subresource's body when it differs from the parent (Scale, Binding, Eviction, TokenRequest). */
  group?: string;
  version?: string;
  kind?: string;
  verbs: string[];
}

export interface ResourceType {
  group: string; // '' for core
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
  verbs: string[];
  subresources: Subresource[];
  /** TypeDef name of the object, e.g. 'io.k8s.api.apps.v1.Deployment'. */
  typeName: string;
  /** Server-side printing; empty means the default NAME/AGE columns. */
  printerColumns: PrinterColumn[];
  /** Field-selector fields beyond metadata.name/metadata.namespace, e.g. spec.nodeName. */
  selectableFields: Record<string, (obj: any) => string | undefined>;
  /** Virtual create-only kinds (reviews, TokenRequest): never stored, answered by a handler. */
  virtual?: boolean;
  /**
   * Defined by a CustomResourceDefinition: objects are unstructured JSON checked against the CRD's
   * schema, and, having no patch strategies, refuse strategic merge patches (upstream lists only JSON,
   * merge and apply patches for them; kubectl apply reads that from OpenAPI and sends merge patches).
   */
  custom?: boolean;
}
