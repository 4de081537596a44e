import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Code } from '../../framework/status.ts';
import { node, pod } from '../../testing/builders.ts';
import { filterOn } from '../../testing/run-plugin.ts';
import { NodePorts, REASON_PORTS } from './node-ports.ts';

test('NodePorts filter', () => {
  const cases = [
    { name: 'no host ports', want: pod('p'), existing: [pod('e').hostPort(80).node('n1')], code: Code.Success },
    { name: 'free port', want: pod('p').hostPort(8080), existing: [pod('e').hostPort(80).node('n1')], code: Code.Success },
    { name: 'same port and protocol', want: pod('p').hostPort(80), existing: [pod('e').hostPort(80).node('n1')], code: Code.Unschedulable },
    { name: 'same port, other protocol', want: pod('p').hostPort(53, 'UDP'), existing: [pod('e').hostPort(53, 'TCP').node('n1')], code: Code.Success },
    { name: 'different host IPs', want: pod('p').hostPort(80, 'TCP', '10.0.0.1'), existing: [pod('e').hostPort(80, 'TCP', '10.0.0.2').node('n1')], code: Code.Success },
    { name: 'wildcard wanted vs specific IP', want: pod('p').hostPort(80), existing: [pod('e').hostPort(80, 'TCP', '10.0.0.2').node('n1')], code: Code.Unschedulable },
    { name: 'specific IP vs wildcard taken', want: pod('p').hostPort(80, 'TCP', '10.0.0.1'), existing: [pod('e').hostPort(80).node('n1')], code: Code.Unschedulable },
    { name: 'pod on another node', want: pod('p').hostPort(80), existing: [pod('e').hostPort(80).node('n2')], code: Code.Success },
  ];
  for (const c of cases) {
    const s = filterOn(new NodePorts(), c.want.obj(), node('n1').obj(), c.existing.map((e) => e.obj()));
    assert.equal(s.code, c.code, c.name);
    if (c.code !== Code.Success) assert.deepEqual(s.reasons, [REASON_PORTS]);
  }
});
