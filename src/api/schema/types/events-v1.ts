// Generated data: field facts (JSON name, schema, protobuf number, patch and list metadata) of the
// Kubernetes API types, as declared upstream in generated.proto and types.go. Regenerate, don't edit.
import type { TypeDef } from '../types.ts';
import { def, f, ref, list, str, int32, time, microTime, coreV1, eventsV1, metaV1 } from './dsl.ts';

export const types: TypeDef[] = [
  def(eventsV1, 'Event', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    eventTime: f(microTime, 2, { required: true }),
    series: f(ref(eventsV1, 'EventSeries'), 3, { pointer: true }),
    reportingController: f(str, 4),
    reportingInstance: f(str, 5),
    action: f(str, 6),
    reason: f(str, 7),
    regarding: f(ref(coreV1, 'ObjectReference'), 8),
    related: f(ref(coreV1, 'ObjectReference'), 9, { pointer: true }),
    note: f(str, 10),
    type: f(str, 11),
    deprecatedSource: f(ref(coreV1, 'EventSource'), 12),
    deprecatedFirstTimestamp: f(time, 13),
    deprecatedLastTimestamp: f(time, 14),
    deprecatedCount: f(int32, 15),
  }),
  def(eventsV1, 'EventList', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ListMeta'), 1),
    items: f(list(ref(eventsV1, 'Event')), 2, { required: true }),
  }),
  def(eventsV1, 'EventSeries', {
    count: f(int32, 1, { required: true }),
    lastObservedTime: f(microTime, 2, { required: true }),
  }),
];
