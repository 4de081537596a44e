import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResourcePath } from './request-info.ts';

const cases: [string, Partial<ReturnType<typeof parseResourcePath>> | undefined][] = [
  ['/api/v1/pods', { group: '', version: 'v1', resource: 'pods', namespace: undefined, name: undefined }],
  ['/api/v1/namespaces/default/pods', { resource: 'pods', namespace: 'default', name: undefined }],
  ['/api/v1/namespaces/default/pods/web-1/log', { resource: 'pods', namespace: 'default', name: 'web-1', subresource: 'log' }],
  ['/api/v1/namespaces/kube-system', { resource: 'namespaces', namespace: undefined, name: 'kube-system' }],
  ['/api/v1/namespaces/kube-system/status', { resource: 'namespaces', name: 'kube-system', subresource: 'status' }],
  ['/api/v1/namespaces/kube-system/finalize', { resource: 'namespaces', name: 'kube-system', subresource: 'finalize' }],
  ['/api/v1/namespaces', { resource: 'namespaces', name: undefined }],
  ['/apis/apps/v1/namespaces/ns1/deployments/web/scale', { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'ns1', name: 'web', subresource: 'scale' }],
  ['/apis/rbac.authorization.k8s.io/v1/clusterroles/admin', { group: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'admin' }],
  ['/api/v1/watch/namespaces/default/pods', { resource: 'pods', namespace: 'default', legacyWatch: true }],
  ['/api/v1/namespaces/default/pods/a/b/c', undefined],
  ['/api', undefined],
  ['/apis/apps', undefined],
  ['/api/v1/namespaces/%E0%A4%A/pods', undefined],
];

for (const [path, want] of cases) {
  test(`parseResourcePath ${path}`, () => {
    const got = parseResourcePath(path);
    if (want === undefined) return assert.equal(got, undefined);
    assert.ok(got);
    for (const [k, v] of Object.entries(want)) assert.equal((got as any)[k], v, k);
  });
}
