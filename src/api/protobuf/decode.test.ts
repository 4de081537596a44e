import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtobufBody } from './decode.ts';
import { body, message, pb } from './testing/encode.ts';
import { testKinds, testLookup } from './testing/types.ts';

const { str, bytes, int32, int64, bool, double, packed, msg, entry } = pb;
const emptyTime = msg(8);

const cases: { name: string; body: Uint8Array; want: Record<string, unknown> }[] = [
  {
    name: 'Namespace: zero-valued strings and the zero creationTimestamp are dropped',
    body: body('v1', 'Namespace', msg(1, str(1, 'ns1'), str(2, ''), str(3, ''), int64(7, 0), emptyTime), msg(2), msg(3, str(1, ''))),
    want: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns1' }, spec: {}, status: {} },
  },
  {
    name: 'ConfigMap: data map, an empty value kept, creationTimestamp as RFC 3339',
    body: body('v1', 'ConfigMap',
      msg(1, str(1, 'cm'), str(3, 'default'), msg(8, int64(1, 1704164645)), entry(11, 'app', str(2, 'web'))),
      entry(2, 'k', str(2, 'v')), entry(2, 'empty', str(2, '')), entry(2, 'novalue', msg(15))), // an entry without its value: Go's zero ''
    want: {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'cm', namespace: 'default', creationTimestamp: '2024-01-02T03:04:05Z', labels: { app: 'web' } },
      data: { k: 'v', empty: '', novalue: '' },
    },
  },
  {
    name: 'Secret: binary data as base64, empty type dropped, immutable false (a pointer) kept',
    body: body('v1', 'Secret', msg(1, str(1, 's')), entry(2, 'b', bytes(2, new Uint8Array([0, 0xff, 0x10]))), entry(2, 'e', bytes(2, new Uint8Array())), str(3, ''), bool(5, false)),
    want: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { b: 'AP8Q', e: '' }, immutable: false },
  },
  {
    name: 'Deployment: replicas 0 (a pointer) kept, non-pointer zeros dropped, nested containers, quantities, inline volume source',
    body: body('apps/v1', 'Deployment',
      msg(1, str(1, 'web'), entry(11, 'app', str(2, 'web'))),
      msg(2,
        int32(1, 0),
        msg(2, entry(1, 'app', str(2, 'web'))),
        msg(3,
          msg(1, entry(11, 'app', str(2, 'web')), emptyTime),
          msg(2,
            msg(1, str(1, 'scratch'), msg(2, msg(2, str(1, ''), msg(2, str(1, '1Gi'))))),
            msg(2, str(1, 'nginx'), str(2, 'nginx:1.27'), str(3, 'nginx'), str(3, '-g'),
              msg(6, str(1, 'http'), int32(3, 80), str(4, 'TCP')),
              msg(8, entry(1, 'cpu', msg(2, str(1, '500m'))), entry(2, 'memory', msg(2, str(1, '64Mi')))),
              str(14, ''), bool(16, false)),
            int64(4, 0),
            msg(14, int64(1, 0), packed(4, [1000, 2000]))),
        ),
        msg(4, str(1, 'RollingUpdate'), msg(2, msg(1, int64(1, 0), int32(2, 0)), msg(2, int64(1, 1), str(3, '25%')))),
        int32(5, 0), bool(7, false)),
      msg(3, int64(1, 0), int32(2, 0))),
    want: {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            volumes: [{ name: 'scratch', emptyDir: { sizeLimit: '1Gi' } }],
            containers: [{
              name: 'nginx', image: 'nginx:1.27', command: ['nginx', '-g'],
              ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
              resources: { limits: { cpu: '500m' }, requests: { memory: '64Mi' } },
            }],
            terminationGracePeriodSeconds: 0,
            securityContext: { runAsUser: 0, supplementalGroups: [1000, 2000] },
          },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
      },
      status: {},
    },
  },
  {
    name: 'Service: int-or-string targetPort, both forms; required port 0 kept; zero nodePort dropped',
    body: body('v1', 'Service',
      msg(1, str(1, 'svc')),
      msg(2,
        msg(1, str(1, 'http'), str(2, 'TCP'), int32(3, 80), msg(4, int64(1, 1), int32(2, 0), str(3, 'http')), int32(5, 0)),
        msg(1, str(1, 'metrics'), int32(3, 0), msg(4, int64(1, 0), int32(2, 9090), str(3, ''))),
        msg(1, str(1, 'unset'), int32(3, 81), msg(4, int64(1, 0), int32(2, 0), str(3, ''))),
        str(4, 'ClusterIP')),
      msg(3, msg(1))),
    want: {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' },
      spec: {
        ports: [
          { name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' },
          { name: 'metrics', port: 0, targetPort: 9090 },
          { name: 'unset', port: 81 },
        ],
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    },
  },
  {
    name: 'DeleteOptions: gracePeriodSeconds 0, propagationPolicy, orphanDependents false, dryRun',
    body: body('v1', 'DeleteOptions', int64(1, 0), bool(3, false), str(4, 'Background'), str(5, 'All'), msg(2, str(1, 'uid-1'))),
    want: {
      apiVersion: 'v1', kind: 'DeleteOptions',
      gracePeriodSeconds: 0, orphanDependents: false, propagationPolicy: 'Background', dryRun: ['All'], preconditions: { uid: 'uid-1' },
    },
  },
  {
    name: 'Eviction: nested DeleteOptions with a negative grace period (int64 sign extension)',
    body: body('policy/v1', 'Eviction', msg(1, str(1, 'pod-1'), str(3, 'default')), msg(2, int64(1, -1))),
    want: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'pod-1', namespace: 'default' }, deleteOptions: { gracePeriodSeconds: -1 } },
  },
  {
    name: 'SelfSubjectAccessReview: resource attributes, required allowed: false kept',
    body: body('authorization.k8s.io/v1', 'SelfSubjectAccessReview',
      msg(1, str(1, '')),
      msg(2, msg(1, str(1, 'default'), str(2, 'get'), str(3, ''), str(4, ''), str(5, 'pods'), str(6, ''), str(7, ''))),
      msg(3, bool(1, false), str(2, ''), str(3, ''), bool(4, false))),
    want: {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {},
      spec: { resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' } },
      status: { allowed: false },
    },
  },
  {
    name: 'SubjectAccessReview: extra map whose values travel as ExtraValue messages',
    body: body('authorization.k8s.io/v1', 'SubjectAccessReview', msg(2, str(3, 'alice'), str(4, 'dev'), str(4, 'ops'),
      entry(5, 'scopes', msg(2, str(1, 'a'), str(1, 'b'))), entry(5, 'none', msg(2)))),
    want: {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
      spec: { user: 'alice', groups: ['dev', 'ops'], extra: { scopes: ['a', 'b'], none: [] } },
    },
  },
  {
    name: 'ControllerRevision: RawExtension holding JSON',
    body: body('apps/v1', 'ControllerRevision', msg(2, bytes(1, new TextEncoder().encode('{"spec":{"replicas":0},"x":[1,"a"]}'))), int64(3, 0)),
    want: { apiVersion: 'apps/v1', kind: 'ControllerRevision', data: { spec: { replicas: 0 }, x: [1, 'a'] }, revision: 0 },
  },
  {
    name: 'ControllerRevision: RawExtension holding a nested protobuf object',
    body: body('apps/v1', 'ControllerRevision', msg(2, bytes(1, body('v1', 'ConfigMap', msg(1, str(1, 'inner')), entry(2, 'k', str(2, 'v'))))), int64(3, 2)),
    want: {
      apiVersion: 'apps/v1', kind: 'ControllerRevision',
      data: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inner' }, data: { k: 'v' } },
      revision: 2,
    },
  },
  {
    name: 'Lease: MicroTime with microseconds, pointer zero kept',
    body: body('coordination.k8s.io/v1', 'Lease', msg(2, str(1, ''), int32(2, 15), msg(4, int64(1, 1704164645), int32(2, 123456789)))),
    want: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', spec: { holderIdentity: '', leaseDurationSeconds: 15, renewTime: '2024-01-02T03:04:05.123456Z' } },
  },
  {
    name: 'unknown fields of every wire type are skipped; a repeated message field merges; last scalar wins',
    body: body('test/v1', 'Numbers', int64(99, 5), double(98, 1.5), pb.fixed32(97, 7), str(96, 'x'), pb.group(95, int32(1, 1), pb.group(2, str(3, 'y'))), double(1, 2.5), double(1, 0.25),
      msg(2, double(1, 1)), msg(2, msg(2))),
    want: { apiVersion: 'test/v1', kind: 'Numbers', ratio: 0.25, deep: { ratio: 1, deep: {} } },
  },
];

for (const c of cases) {
  test(`decodes ${c.name}`, () => {
    const decoded = decodeProtobufBody(c.body, testLookup, testKinds);
    assert.deepEqual(decoded.object, c.want);
    assert.equal(decoded.apiVersion, c.want.apiVersion);
    assert.equal(decoded.kind, c.want.kind);
  });
}

test('a Buffer body decodes like a Uint8Array', () => {
  const bytesBody = body('v1', 'Namespace', msg(1, str(1, 'b')));
  assert.deepEqual(decodeProtobufBody(Buffer.from(bytesBody), testLookup, testKinds).object, decodeProtobufBody(bytesBody, testLookup, testKinds).object);
});

test('the message encoder used by these tests is plain protobuf', () => {
  assert.deepEqual([...message(str(1, 'a'), int32(2, 1))], [0x0a, 0x01, 0x61, 0x10, 0x01]);
});
