import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildOpenAPIV2, negotiateOpenAPIV2, OPENAPI_V2_PROTOBUF } from './v2.ts';

/** Length-delimited fields of a protobuf message, by field number (enough for this document). */
function fields(buf: Buffer): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  let i = 0;
  const varint = () => {
    let n = 0;
    let shift = 0;
    for (;;) {
      const b = buf[i++]!;
      n |= (b & 0x7f) << shift;
      if (b < 0x80) return n;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const tag = varint();
    assert.equal(tag & 7, 2, 'only length-delimited fields');
    const len = varint();
    out.set(tag >> 3, buf.subarray(i, i + len));
    i += len;
  }
  return out;
}

test('protobuf v2 decodes as gnostic Document{swagger, info{title, version}, paths}', () => {
  const doc = fields(buildOpenAPIV2('v1.32.0+kites').protobuf);
  assert.equal(doc.get(1)?.toString(), '2.0');
  const info = fields(doc.get(2)!);
  assert.equal(info.get(1)?.toString(), 'Kubernetes');
  assert.equal(info.get(2)?.toString(), 'v1.32.0+kites');
  assert.equal(doc.get(8)?.length, 0);
});

test('JSON v2 says the same', () => {
  assert.deepEqual(JSON.parse(buildOpenAPIV2('v1').json.toString()), { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1' }, paths: {} });
});

test('negotiateOpenAPIV2: protobuf only when named (as kubectl 1.27–1.33 ask)', () => {
  assert.equal(negotiateOpenAPIV2(OPENAPI_V2_PROTOBUF).format, 'protobuf');
  assert.equal(negotiateOpenAPIV2(`${OPENAPI_V2_PROTOBUF}, application/json`).contentType, OPENAPI_V2_PROTOBUF);
  assert.equal(negotiateOpenAPIV2('application/json').format, 'json');
  assert.equal(negotiateOpenAPIV2(undefined).contentType, 'application/json');
});
