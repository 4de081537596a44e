import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isConfigMapKey, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isPathSegmentName, isQualifiedName, isValidLabelValue, isValidPortName } from './names.ts';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QNAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('name formats', () => {
  const cases: Array<[string, (v: string) => string[], string, string[]]> = [
    ['subdomain ok', isDNS1123Subdomain, 'web.example.com', []],
    ['subdomain bad', isDNS1123Subdomain, 'Bad_Name', [SUBDOMAIN_MSG]],
    ['subdomain long', isDNS1123Subdomain, 'a'.repeat(254), ['must be no more than 253 characters']],
    ['label ok', isDNS1123Label, '123-abc', []],
    ['label with dot', isDNS1123Label, 'a.b', [LABEL_MSG]],
    ['label long', isDNS1123Label, 'a'.repeat(64), ['must be no more than 63 characters']],
    ['1035 ok', isDNS1035Label, 'web-1', []],
    ['1035 digit first', isDNS1035Label, '1web', [DNS1035_MSG]],
    ['qualified ok', isQualifiedName, 'app.kubernetes.io/name', []],
    ['qualified plain', isQualifiedName, 'MyName', []],
    ['qualified bad name', isQualifiedName, '-x', [QNAME_MSG]],
    ['qualified empty prefix', isQualifiedName, '/x', ['prefix part must be non-empty']],
    ['qualified bad prefix', isQualifiedName, 'Ex.com/x', [`prefix part ${SUBDOMAIN_MSG}`]],
    ['qualified empty name', isQualifiedName, 'a.com/', ['name part must be non-empty', QNAME_MSG]],
    ['label value empty ok', isValidLabelValue, '', []],
    ['label value ok', isValidLabelValue, 'my_value.1', []],
    ['config key ok', isConfigMapKey, 'app.properties', []],
    ['config key dotdot', isConfigMapKey, '..x', ["must not start with '..'"]],
    ['path segment', isPathSegmentName, 'system:node', []],
    ['path segment slash', isPathSegmentName, 'a/b', ["may not contain '/'"]],
    ['port name ok', isValidPortName, 'http', []],
    ['port name digits', isValidPortName, '8080', ['must contain at least one letter (a-z)']],
  ];
  for (const [name, fn, value, want] of cases) it(name, () => assert.deepEqual(fn(value), want));

  it('qualified name with two slashes', () => assert.match(isQualifiedName('a/b/c')[0]!, /^a qualified name must consist.* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/));
  it('label value message', () => assert.match(isValidLabelValue('-x')[0]!, /^a valid label must be an empty string or consist of/));
});
