import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinRegistry } from '../registry.ts';

const registry = builtinRegistry();
const now = new Date('2024-05-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

/** Column name → cell for one object of a resource. */
function row(group: string, plural: string, obj: any, version = 'v1'): Record<string, unknown> {
  const r = registry.resource(group, version, plural)!;
  return Object.fromEntries(r.printerColumns.map((c) => [c.name, c.cell(obj, now)]));
}
const headers = (group: string, plural: string, priority = 0) =>
  registry.resource(group, 'v1', plural)!.printerColumns.filter((c) => c.priority <= priority).map((c) => c.name.toUpperCase());

test('headers match kubectl get as upstream prints them', () => {
  const cases: [string, string, number, string[]][] = [
    ['', 'pods', 0, ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']],
    ['', 'pods', 1, ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']],
    ['apps', 'deployments', 1, ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']],
    ['', 'services', 1, ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR']],
    ['', 'nodes', 0, ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']],
    ['', 'namespaces', 0, ['NAME', 'STATUS', 'AGE']],
    ['batch', 'jobs', 0, ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']],
    ['batch', 'cronjobs', 0, ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE']],
    ['', 'configmaps', 0, ['NAME', 'DATA', 'AGE']],
    ['', 'secrets', 0, ['NAME', 'TYPE', 'DATA', 'AGE']],
    ['', 'events', 0, ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']],
    ['apiextensions.k8s.io', 'customresourcedefinitions', 0, ['NAME', 'CREATED AT']],
  ];
  for (const [group, plural, priority, want] of cases) assert.deepEqual(headers(group, plural, priority), want, plural);
  for (const r of registry.resources()) {
    if (r.printerColumns.length === 0 || r.plural === 'events') continue;
    assert.equal(r.printerColumns[0].name, 'Name', r.plural);
  }
});

const container = (name: string, state: object, extra: object = {}) => ({ name, state, restartCount: 0, ready: false, ...extra });

test('pod STATUS, READY and RESTARTS follow upstream printPod', () => {
  const base = (status: object, spec: object = {}, metadata: object = {}) => ({
    metadata: { name: 'p', creationTimestamp: ago(5000), ...metadata },
    spec: { containers: [{ name: 'a' }, { name: 'b' }], ...spec },
    status,
  });
  const cases: [string, any, { Ready?: string; Status?: string; Restarts?: string }][] = [
    ['pending', base({ phase: 'Pending' }), { Ready: '0/2', Status: 'Pending', Restarts: '0' }],
    [
      'running, restarted 2m ago',
      base({
        phase: 'Running',
        containerStatuses: [
          container('a', { running: {} }, { ready: true, restartCount: 2, lastState: { terminated: { finishedAt: ago(120_000) } } }),
          container('b', { running: {} }, { ready: true }),
        ],
      }),
      { Ready: '2/2', Status: 'Running', Restarts: '2 (2m ago)' },
    ],
    [
      'waiting reason wins',
      base({ phase: 'Running', containerStatuses: [container('a', { waiting: { reason: 'CrashLoopBackOff' } }), container('b', { running: {} }, { ready: true })] }),
      { Ready: '1/2', Status: 'CrashLoopBackOff' },
    ],
    [
      'terminated without reason',
      base({ phase: 'Failed', containerStatuses: [container('a', { terminated: { exitCode: 3 } })] }),
      { Status: 'ExitCode:3' },
    ],
    [
      'init container running',
      base({ phase: 'Pending', initContainerStatuses: [container('i', { running: {} })] }, { initContainers: [{ name: 'i' }] }),
      { Status: 'Init:0/1' },
    ],
    [
      'init container crashing',
      base({ phase: 'Pending', initContainerStatuses: [container('i', { waiting: { reason: 'CrashLoopBackOff' } })] }, { initContainers: [{ name: 'i' }] }),
      { Status: 'Init:CrashLoopBackOff' },
    ],
    [
      'sidecar counts toward READY',
      base(
        { phase: 'Running', initContainerStatuses: [container('s', { running: {} }, { started: true, ready: true })], containerStatuses: [container('a', { running: {} }, { ready: true })] },
        { initContainers: [{ name: 's', restartPolicy: 'Always' }], containers: [{ name: 'a' }] },
      ),
      { Ready: '2/2', Status: 'Running' },
    ],
    ['terminating', base({ phase: 'Running' }, {}, { deletionTimestamp: ago(0) }), { Status: 'Terminating' }],
    ['node lost', base({ phase: 'Running', reason: 'NodeLost' }, {}, { deletionTimestamp: ago(0) }), { Status: 'Unknown' }],
    ['evicted', base({ phase: 'Failed', reason: 'Evicted' }), { Status: 'Evicted' }],
    [
      'scheduling gated',
      base({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }),
      { Status: 'SchedulingGated' },
    ],
  ];
  for (const [name, pod, want] of cases) {
    const got = row('', 'pods', pod);
    for (const [k, v] of Object.entries(want)) assert.equal(got[k], v, `${name}: ${k}`);
  }
  const wide = row('', 'pods', base({ phase: 'Running', podIPs: [{ ip: '10.42.0.9' }] }, { nodeName: 'n1', readinessGates: [{ conditionType: 'x' }] }));
  assert.deepEqual([wide.IP, wide.Node, wide['Nominated Node'], wide['Readiness Gates'], wide.Age], ['10.42.0.9', 'n1', '<none>', '0/1', '5s']);
});

test('workload, service, node and job cells', () => {
  const deploy = row('apps', 'deployments', {
    metadata: { name: 'web', creationTimestamp: ago(3 * 60_000 + 2000) },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] },
      template: { spec: { containers: [{ name: 'web', image: 'nginx:1' }, { name: 'log', image: 'busybox' }] } },
    },
    status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
  });
  assert.deepEqual(deploy, {
    Name: 'web', Ready: '2/3', 'Up-to-date': 3, Available: 2, Age: '3m2s',
    Containers: 'web,log', Images: 'nginx:1,busybox', Selector: 'app=web,tier in (a,b)',
  });

  const svc = row('', 'services', {
    metadata: { name: 'lb' },
    spec: { type: 'LoadBalancer', clusterIPs: ['10.43.0.7'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }], selector: { b: '2', a: '1' } },
    status: { loadBalancer: {} },
  });
  assert.deepEqual([svc.Type, svc['Cluster-IP'], svc['External-IP'], svc['Port(s)'], svc.Selector, svc.Age], ['LoadBalancer', '10.43.0.7', '<pending>', '80:30080/TCP', 'a=1,b=2', '<unknown>']);

  const node = row('', 'nodes', {
    metadata: { name: 'n1', labels: { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': 'true' } },
    spec: { unschedulable: true },
    status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.30.0' }, addresses: [{ type: 'InternalIP', address: '10.41.0.2' }] },
  });
  assert.deepEqual([node.Status, node.Roles, node.Version, node['Internal-IP'], node['External-IP'], node['OS-Image']], [
    'Ready,SchedulingDisabled', 'control-plane,master', 'v1.30.0', '10.41.0.2', '<none>', '<unknown>',
  ]);

  const job = row('batch', 'jobs', {
    metadata: { name: 'j' },
    spec: { completions: 3, template: { spec: { containers: [] } } },
    status: { succeeded: 1, startTime: ago(65_000) },
  });
  assert.deepEqual([job.Status, job.Completions, job.Duration], ['Running', '1/3', '65s']);
  const done = row('batch', 'jobs', {
    spec: { parallelism: 2 },
    status: { succeeded: 1, startTime: ago(600_000), completionTime: ago(0), conditions: [{ type: 'Complete', status: 'True' }] },
  });
  assert.deepEqual([done.Status, done.Completions, done.Duration], ['Complete', '1/1 of 2', '10m']);

  const cj = row('batch', 'cronjobs', { spec: { schedule: '*/5 * * * *' }, status: { active: [{}] } });
  assert.deepEqual([cj.Schedule, cj.Timezone, cj.Suspend, cj.Active, cj['Last Schedule']], ['*/5 * * * *', '<none>', '<unset>', 1, '<none>']);
});

test('config, storage, event and rbac cells', () => {
  assert.equal(row('', 'configmaps', { data: { a: '1' }, binaryData: { b: 'AA==' } }).Data, 2);
  assert.deepEqual(row('', 'secrets', { type: 'Opaque', data: { a: 'MQ==' } }), { Name: '', Type: 'Opaque', Data: 1, Age: '<unknown>' });
  const ep = row('', 'endpoints', {
    subsets: [{ addresses: [{ ip: '10.42.0.1' }, { ip: '10.42.0.2' }, { ip: '10.42.0.3' }, { ip: '10.42.0.4' }], ports: [{ port: 80 }] }],
  });
  assert.equal(ep.Endpoints, '10.42.0.1:80,10.42.0.2:80,10.42.0.3:80 + 1 more...');
  assert.equal(row('', 'endpoints', {}).Endpoints, '<none>');
  const pvc = row('', 'persistentvolumeclaims', {
    spec: { volumeName: 'pv1', storageClassName: 'local' },
    status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'] },
  });
  assert.deepEqual([pvc.Status, pvc.Volume, pvc.Capacity, pvc['Access Modes'], pvc.StorageClass], ['Bound', 'pv1', '1Gi', 'RWO,RWX', 'local']);
  const ev = row('', 'events', {
    metadata: { name: 'e1' }, type: 'Warning', reason: 'BackOff', message: ' Back-off ',
    involvedObject: { kind: 'Pod', name: 'web-1' }, source: { component: 'kubelet', host: 'n1' },
    firstTimestamp: ago(300_000), lastTimestamp: ago(60_000), count: 4,
  });
  assert.deepEqual(ev, {
    'Last Seen': '60s', Type: 'Warning', Reason: 'BackOff', Object: 'pod/web-1', Subobject: '', Source: 'kubelet, n1',
    Message: 'Back-off', 'First Seen': '5m', Count: 4, Name: 'e1',
  });
  const rb = row('rbac.authorization.k8s.io', 'rolebindings', {
    roleRef: { kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'User', name: 'alice' }, { kind: 'ServiceAccount', namespace: 'ns', name: 'sa' }],
  });
  assert.deepEqual([rb.Role, rb.Users, rb.Groups, rb.ServiceAccounts], ['ClusterRole/view', 'alice', '', 'ns:sa']);
  assert.equal(row('rbac.authorization.k8s.io', 'roles', { metadata: { creationTimestamp: '2024-05-01T10:00:00.000Z' } })['Created At'], '2024-05-01T10:00:00Z');
  const hpa = row('autoscaling', 'horizontalpodautoscalers', {
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
    status: { currentReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 20 } } }] },
  }, 'v2');
  assert.deepEqual([hpa.Reference, hpa.Targets, hpa.MinPods, hpa.MaxPods, hpa.Replicas], ['Deployment/web', 'cpu: 20%/50%', '<unset>', 5, 2]);
});
