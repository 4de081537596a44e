import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtobufBody } from './decode.ts';
import { ProtobufDecodeError } from './error.ts';
import { body, message, pb, type Part } from './testing/encode.ts';
import { testKinds, testLookup } from './testing/types.ts';

const { str, bytes, int32, int64, msg, entry } = pb;
const MAGIC = [0x6b, 0x38, 0x73, 0x00];
const withMagic = (...rest: number[]) => new Uint8Array([...MAGIC, ...rest]);
const unknownWith = (...parts: Part[]) => new Uint8Array([...MAGIC, ...message(...parts)]);
const typeMeta = (apiVersion: string, kind: string) => msg(1, str(1, apiVersion), str(2, kind));

function nested(levels: number): Part {
  let part = pb.double(1, 1);
  for (let i = 0; i < levels; i++) part = msg(2, part);
  return part;
}

function nestedRevisions(levels: number): Uint8Array {
  let inner = body('v1', 'Namespace');
  for (let i = 0; i < levels; i++) inner = body('apps/v1', 'ControllerRevision', msg(2, bytes(1, inner)));
  return inner;
}

const cases: { name: string; body: Uint8Array; message: RegExp }[] = [
  { name: 'an empty body', body: new Uint8Array(), message: /does not start with the "k8s\\x00" prefix/ },
  { name: 'a JSON body', body: new TextEncoder().encode('{"kind":"Namespace"}'), message: /prefix/ },
  { name: 'the magic alone', body: withMagic(), message: /no kind/ },
  { name: 'a truncated tag varint', body: withMagic(0x80), message: /malformed protobuf at offset 0/ },
  { name: 'a truncated length varint', body: withMagic(0x0a, 0xff), message: /malformed protobuf/ },
  { name: 'a length prefix past the end (2 GiB claimed)', body: withMagic(0x12, 0x80, 0x80, 0x80, 0x80, 0x08, 0x01), message: /index out of range/ },
  { name: 'a length prefix past the end inside the object', body: body('v1', 'Namespace', msg(1, str(1, 'name'))).subarray(0, -12), message: /malformed protobuf|index out of range/ },
  { name: 'an invalid wire type 7', body: withMagic(0x0f), message: /invalid wire type 7/ },
  { name: 'field number 0', body: withMagic(0x02, 0x00), message: /field number 0/ },
  { name: 'a stray unknown end-group', body: withMagic(0x2c), message: /malformed protobuf/ },
  { name: 'an unterminated unknown group', body: withMagic(0x2b, 0x08, 0x01), message: /malformed protobuf/ },
  { name: 'typeMeta as a varint', body: unknownWith(int32(1, 5)), message: /runtime.Unknown field 1: wire type varint, want length-delimited/ },
  { name: 'a known field with the wrong wire type', body: body('v1', 'Namespace', int32(1, 5)), message: /io.k8s.api.core.v1.Namespace.metadata: wire type varint, want length-delimited/ },
  { name: 'a string field sent as fixed32', body: body('v1', 'Namespace', msg(1, pb.fixed32(1, 5))), message: /ObjectMeta.name: wire type fixed32/ },
  { name: 'an unknown kind', body: body('v1', 'Gadget'), message: /no protobuf schema for kind "Gadget" in "v1"/ },
  { name: 'a kind whose type the lookup lacks', body: unknownWith(typeMeta('v1', 'Pod')), message: /no protobuf schema for kind "Pod"/ },
  { name: 'a content encoding', body: unknownWith(typeMeta('v1', 'Namespace'), str(3, 'gzip')), message: /content encoding "gzip"/ },
  { name: 'a JSON content type inside', body: unknownWith(typeMeta('v1', 'Namespace'), str(4, 'application/json')), message: /content type "application\/json"/ },
  { name: 'nesting deeper than 100', body: body('test/v1', 'Numbers', nested(120)), message: /nesting deeper than 100/ },
  { name: 'nested objects in RawExtensions deeper than 100', body: nestedRevisions(60), message: /nesting deeper than 100/ },
  { name: 'an IntOrString of type 2', body: body('v1', 'Service', msg(2, msg(1, msg(4, int64(1, 2))))), message: /IntOrString type 2/ },
  { name: 'a time past year 9999', body: body('v1', 'Namespace', msg(1, msg(8, int64(1, 253402300800)))), message: /outside years 1-9999/ },
  { name: 'a RawExtension that is not JSON', body: body('apps/v1', 'ControllerRevision', msg(2, bytes(1, new TextEncoder().encode('{nope')))), message: /neither JSON nor a protobuf object/ },
  { name: 'a map entry key sent as a varint', body: body('v1', 'ConfigMap', msg(2, int32(1, 1))), message: /ConfigMap.data \(map key\): wire type varint/ },
];

for (const c of cases) {
  test(`rejects ${c.name}`, () => {
    assert.throws(() => decodeProtobufBody(c.body, testLookup, testKinds), (err: unknown) => {
      assert.ok(err instanceof ProtobufDecodeError, `not a ProtobufDecodeError: ${String(err)}`);
      assert.match(err.message, c.message);
      return true;
    });
  });
}

test('nesting of 90 levels is accepted', () => {
  const decoded = decodeProtobufBody(body('test/v1', 'Numbers', nested(90)), testLookup, testKinds);
  assert.equal(decoded.kind, 'Numbers');
});

test('a "__proto__" map key is an ordinary entry', () => {
  const decoded = decodeProtobufBody(body('v1', 'ConfigMap', entry(2, '__proto__', str(2, 'x'))), testLookup, testKinds);
  const data = decoded.object.data as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(data), Object.prototype);
  assert.deepEqual(Object.entries(data), [['__proto__', 'x']]);
});

// Every corruption of a valid body either decodes or fails with ProtobufDecodeError: never another
// error, never a hang. A fixed-seed generator keeps the run reproducible.
test('random corruptions of valid bodies fail only with ProtobufDecodeError', () => {
  const seeds = [
    body('apps/v1', 'Deployment', msg(1, str(1, 'web'), entry(11, 'app', str(2, 'web'))), msg(2, int32(1, 3), msg(3, msg(2, msg(2, str(1, 'c'), str(2, 'img')))))),
    body('v1', 'Service', msg(2, msg(1, int32(3, 80), msg(4, int64(1, 1), str(3, 'http'))))),
    body('apps/v1', 'ControllerRevision', msg(2, bytes(1, new TextEncoder().encode('{"a":1}')))),
  ];
  let state = 42;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  for (let i = 0; i < 3000; i++) {
    const mutated = Uint8Array.from(seeds[i % seeds.length]!);
    for (let j = 0; j <= random(4); j++) mutated[4 + random(mutated.length - 4)] = random(256);
    const cut = random(3) === 0 ? mutated.subarray(0, 4 + random(mutated.length - 4)) : mutated;
    try {
      decodeProtobufBody(cut, testLookup, testKinds);
    } catch (err) {
      assert.ok(err instanceof ProtobufDecodeError, `mutation ${i}: ${String(err)}`);
    }
  }
});
