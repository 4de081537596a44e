import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyDefaults, defaultPullPolicy } from './index.ts';

const templateSpecDefaults = {
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};
const containerDefaults = (image: string, pull: string) => ({
  name: 'web',
  image,
  imagePullPolicy: pull,
  resources: {},
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
});

function defaulted(group: string, kind: string, obj: any): any {
  const copy = structuredClone(obj);
  applyDefaults(group, kind, copy);
  return copy;
}

describe('defaultPullPolicy', () => {
  const cases: Array<[string, string]> = [
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry:5000/app', 'Always'],
    ['registry:5000/app:v1', 'IfNotPresent'],
    ['nginx@sha256:abc', 'IfNotPresent'],
  ];
  for (const [image, want] of cases) it(`${image} → ${want}`, () => assert.equal(defaultPullPolicy(image), want));
});

describe('applyDefaults', () => {
  it('Pod', () => {
    const pod = defaulted('', 'Pod', { metadata: { name: 'p' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }], volumes: [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'c' } }] } });
    assert.deepEqual(pod.spec, {
      ...templateSpecDefaults,
      containers: [{ ...containerDefaults('nginx:1.27', 'IfNotPresent'), ports: [{ containerPort: 80, protocol: 'TCP' }] }],
      volumes: [{ name: 'scratch', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } }],
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
    });
  });

  it('keeps values the user set', () => {
    const pod = defaulted('', 'Pod', { spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 0, enableServiceLinks: false, containers: [] } });
    assert.equal(pod.spec.restartPolicy, 'Never');
    assert.equal(pod.spec.terminationGracePeriodSeconds, 0);
    assert.equal(pod.spec.enableServiceLinks, false);
  });

  it('probes', () => {
    const pod = defaulted('', 'Pod', { spec: { containers: [{ name: 'web', image: 'x', readinessProbe: { httpGet: { port: 80 } } }] } });
    assert.deepEqual(pod.spec.containers[0].readinessProbe, { httpGet: { port: 80, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  });

  it('Deployment', () => {
    const d = defaulted('apps', 'Deployment', { spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } } });
    assert.deepEqual(d.spec, {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: { metadata: { labels: { app: 'web' } }, spec: { ...templateSpecDefaults, containers: [containerDefaults('nginx', 'Always')] } },
    });
  });

  it('Deployment with Recreate gets no rollingUpdate', () => {
    const d = defaulted('apps', 'Deployment', { spec: { strategy: { type: 'Recreate' } } });
    assert.deepEqual(d.spec.strategy, { type: 'Recreate' });
  });

  const cases: Array<[string, string, any, (o: any) => unknown, unknown]> = [
    ['apps', 'ReplicaSet', { spec: {} }, (o) => o.spec.replicas, 1],
    ['apps', 'StatefulSet', { spec: {} }, (o) => [o.spec.podManagementPolicy, o.spec.updateStrategy, o.spec.revisionHistoryLimit], ['OrderedReady', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, 10]],
    ['apps', 'DaemonSet', { spec: {} }, (o) => o.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }],
    ['batch', 'Job', { spec: { template: { metadata: { labels: { a: 'b' } }, spec: {} } } }, (o) => [o.spec.completions, o.spec.parallelism, o.spec.backoffLimit, o.spec.completionMode, o.metadata.labels], [1, 1, 6, 'NonIndexed', { a: 'b' }]],
    ['batch', 'Job', { spec: { parallelism: 3 } }, (o) => [o.spec.completions, o.spec.parallelism], [undefined, 3]],
    ['batch', 'CronJob', { spec: { jobTemplate: { spec: { template: { spec: {} } } } } }, (o) => [o.spec.concurrencyPolicy, o.spec.successfulJobsHistoryLimit, o.spec.failedJobsHistoryLimit, o.spec.jobTemplate.spec.template.spec.dnsPolicy], ['Allow', 3, 1, 'ClusterFirst']],
    ['', 'Namespace', { metadata: { name: 'dev' } }, (o) => [o.spec, o.status, o.metadata.labels], [{}, { phase: 'Active' }, { 'kubernetes.io/metadata.name': 'dev' }]],
    ['', 'Secret', {}, (o) => o.type, 'Opaque'],
    ['', 'Secret', { type: 'kubernetes.io/tls' }, (o) => o.type, 'kubernetes.io/tls'],
    ['', 'Secret', { data: { a: 'eA==', b: 'eA==' }, stringData: { b: 'yz' } }, (o) => [o.data, o.stringData], [{ a: 'eA==', b: 'eXo=' }, undefined]],
    ['', 'ConfigMap', { data: {} }, (o) => o, { data: {} }],
    ['rbac.authorization.k8s.io', 'RoleBinding', { subjects: [{ kind: 'User', name: 'u' }, { kind: 'ServiceAccount', name: 's' }] }, (o) => o.subjects.map((s: any) => s.apiGroup), ['rbac.authorization.k8s.io', '']],
    ['example.com', 'Widget', { spec: {} }, (o) => o, { spec: {} }],
  ];
  for (const [group, kind, obj, pick, want] of cases) {
    it(`${group}/${kind} ${JSON.stringify(obj)}`, () => assert.deepEqual(pick(defaulted(group, kind, obj)), want));
  }

  it('Job without manualSelector gets a selector on its UID and the name/UID labels on its template (and, unlabelled, on itself)', () => {
    const job = defaulted('batch', 'Job', { metadata: { name: 'pi', uid: 'u1' }, spec: { template: { spec: {} } } });
    const generated = { 'job-name': 'pi', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'u1', 'batch.kubernetes.io/controller-uid': 'u1' };
    assert.deepEqual(job.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } });
    assert.deepEqual(job.spec.template.metadata.labels, generated);
    assert.deepEqual(job.metadata.labels, generated);
    const labelled = defaulted('batch', 'Job', { metadata: { name: 'pi', uid: 'u1' }, spec: { template: { metadata: { labels: { app: 'pi' } }, spec: {} } } });
    assert.deepEqual(labelled.metadata.labels, { app: 'pi' });
    assert.deepEqual(labelled.spec.template.metadata.labels, { app: 'pi', ...generated });
    const manual = defaulted('batch', 'Job', { metadata: { name: 'pi', uid: 'u1' }, spec: { manualSelector: true, selector: { matchLabels: { app: 'pi' } }, template: { metadata: { labels: { app: 'pi' } }, spec: {} } } });
    assert.deepEqual(manual.spec.selector, { matchLabels: { app: 'pi' } });
    assert.deepEqual(manual.spec.template.metadata.labels, { app: 'pi' });
  });

  it('Service', () => {
    const svc = defaulted('', 'Service', { spec: { selector: { app: 'web' }, ports: [{ port: 80 }, { port: 443, targetPort: 8443, protocol: 'TCP' }] } });
    assert.deepEqual(svc.spec, {
      selector: { app: 'web' },
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 443, targetPort: 8443, protocol: 'TCP' },
      ],
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });

  it('NodePort and ExternalName services', () => {
    assert.equal(defaulted('', 'Service', { spec: { type: 'NodePort', ports: [] } }).spec.externalTrafficPolicy, 'Cluster');
    assert.deepEqual(defaulted('', 'Service', { spec: { type: 'ExternalName', externalName: 'x.example.com' } }).spec, { type: 'ExternalName', externalName: 'x.example.com', sessionAffinity: 'None' });
  });
});
