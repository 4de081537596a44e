import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideNames } from './names.ts';
import { widgetCrd } from './testing.ts';

test('names: accepted unless another holder of the group uses them', () => {
  const cases: [string, Parameters<typeof decideNames>[1], string, string][] = [
    ['free', [], 'NoConflicts', 'no conflicts found'],
    ['plural', [{ plural: 'widgets', kind: 'Other' }], 'PluralConflict', '"widgets" is already in use'],
    ['singular as another plural', [{ plural: 'widget', kind: 'Other' }], 'SingularConflict', '"widget" is already in use'],
    ['short name', [{ plural: 'gadgets', shortNames: ['wg'], kind: 'Gadget' }], 'ShortNamesConflict', '"wg" is already in use'],
    ['kind', [{ plural: 'gadgets', kind: 'Widget' }], 'KindConflict', '"Widget" is already in use'],
    ['list kind', [{ plural: 'gadgets', kind: 'Gadget', listKind: 'WidgetList' }], 'ListKindConflict', '"WidgetList" is already in use'],
  ];
  for (const [name, holders, reason, message] of cases) {
    const d = decideNames(widgetCrd(), holders);
    assert.deepEqual([d.accepted, d.reason, d.message], [reason === 'NoConflicts', reason, message], name);
  }
});

test('names: defaults, and a name already held stays held', () => {
  const crd = widgetCrd();
  delete crd.spec.names.singular;
  const d = decideNames(crd, []);
  assert.deepEqual(d.acceptedNames, { plural: 'widgets', singular: 'widget', shortNames: ['wg'], kind: 'Widget', listKind: 'WidgetList' });
  crd.status = { acceptedNames: d.acceptedNames };
  assert.equal(decideNames(crd, [{ plural: 'gadgets', shortNames: ['wg'], kind: 'Gadget' }]).accepted, true);
  const partly = decideNames(widgetCrd(), [{ plural: 'widgets', kind: 'Other' }]);
  assert.equal(partly.acceptedNames.plural, '', 'the conflicting name is not granted');
  assert.equal(partly.acceptedNames.kind, 'Widget', 'the free ones are');
});
