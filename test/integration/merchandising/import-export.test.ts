import assert from 'node:assert/strict';
import { startHarness, type MerchandisingHarness } from './support';

/** Import and export of rules and synonyms, JSON and CSV, with a dry run (issue 20), against the real services. */
describe('merchandising import and export (real services)', function () {
  this.timeout(60_000);
  let h: MerchandisingHarness;

  before(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.reset();
  });
  after(async () => {
    await h?.close();
  });

  const pin = {
    name: 'Pin, "quoted", for running shoes',
    conditions: { query: { match: 'is', values: ['running shoes'] } },
    actions: [{ type: 'pin', pins: [{ productId: 'shoe-4', position: 1 }] }],
  };
  const importFile = async (body: Record<string, unknown>) => {
    const response = await h.merch('POST', '/import', body);
    return response;
  };

  for (const format of ['json', 'csv'] as const) {
    it(`exports rules as ${format} and imports them back: unchanged, then a dry run of an edit, then the edit`, async () => {
      await h.createRule(pin);
      const exported = await h.api.request('GET', `/v1/merchandising/export?kind=rules&format=${format}`, { key: h.merchandiserKey });
      assert.equal(exported.status, 200);
      assert.match(exported.headers.get('content-disposition') ?? '', new RegExp(`attachment; filename="agora-rules-.*\\.${format}"`));
      const content = format === 'json' ? JSON.stringify(exported.body) : (exported.body as string);
      if (format === 'csv')
        assert.match(content, /^name,enabled,priority,conditions,actions,tags\r\n"Pin, ""quoted"", for running shoes",true,0,/);

      const same = await importFile({ kind: 'rules', format, content });
      assert.equal(same.status, 200, JSON.stringify(same.body));
      assert.deepEqual(same.body.summary, { create: 0, update: 0, unchanged: 1, conflict: 0 });

      const edited = content.replace('shoe-4', 'shoe-2');
      const extra =
        format === 'json'
          ? JSON.stringify({ rules: [...JSON.parse(edited).rules, { ...pin, name: 'Another' }] })
          : `${edited}Another,false,3,{},"[{""type"":""hide"",""productIds"":[""shoe-1""]}]"\r\n`;
      const dry = await importFile({ kind: 'rules', format, content: extra });
      assert.deepEqual(dry.body.summary, { create: 1, update: 1, unchanged: 0, conflict: 0 });
      assert.deepEqual(
        dry.body.items.map((i: { action: string; label: string }) => [i.action, i.label]),
        [
          ['update', pin.name],
          ['create', 'Another'],
        ],
      );
      assert.equal((await h.merch('GET', '/rules')).body.total, 1, 'a dry run writes nothing');

      const applied = await importFile({ kind: 'rules', format, content: extra, dryRun: false });
      assert.equal(applied.status, 200, JSON.stringify(applied.body));
      const rules = (await h.merch('GET', '/rules')).body.rules;
      assert.deepEqual(rules.map((r: { name: string }) => r.name).sort(), ['Another', pin.name].sort());
      assert.equal(rules.find((r: { name: string }) => r.name === pin.name).actions[0].pins[0].productId, 'shoe-2');
      assert.equal(rules.find((r: { name: string }) => r.name === pin.name).version, 2, 'an update is a new audited version');
    });
  }

  it('lists conflicts (unknown product, bad JSON cell, a name twice) and imports nothing while any remains', async () => {
    const csv = [
      'name,enabled,priority,conditions,actions',
      'Good,true,0,{},"[{""type"":""hide"",""productIds"":[""shoe-1""]}]"',
      'Typo,true,0,{},"[{""type"":""hide"",""productIds"":[""no-such""]}]"',
      'Broken,true,0,{},[{not json',
      'Good,true,1,{},"[{""type"":""hide"",""productIds"":[""shoe-2""]}]"',
      ',true,0,{},"[{""type"":""hide"",""productIds"":[""shoe-2""]}]"',
    ].join('\n');
    const dry = await importFile({ kind: 'rules', format: 'csv', content: csv });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.deepEqual(
      dry.body.items.map((i: { row: number; action: string; field?: string }) => [i.row, i.action, i.field ?? null]),
      [
        [2, 'create', null],
        [3, 'conflict', 'actions[0].productIds[0]'],
        [4, 'conflict', 'actions'],
        [5, 'conflict', 'name'],
        [6, 'conflict', 'name'],
      ],
    );
    assert.match(dry.body.items[2].message, /not valid JSON/);
    assert.match(dry.body.items[3].message, /twice \(also row 2\)/);
    assert.match(dry.body.items[4].message, /Give the rule a name/);
    const refused = await importFile({ kind: 'rules', format: 'csv', content: csv, dryRun: false });
    assert.equal(refused.status, 409);
    assert.equal((await h.merch('GET', '/rules')).body.total, 0);
  });

  it('exports and imports synonyms as CSV, matching them by terms or input', async () => {
    assert.equal((await h.merch('POST', '/synonyms', { type: 'multiway', terms: ['tv', 'television'] })).status, 201);
    const csv = (await h.api.request('GET', '/v1/merchandising/export?kind=synonyms&format=csv', { key: h.merchandiserKey }))
      .body as string;
    assert.equal(csv, 'type,terms,input,synonyms,weight\r\nmultiway,tv|television,,,\r\n');
    const more = `${csv}oneway,,laptop,notebook|ultrabook,0.6\r\nmultiway,Television|TV,,,0.9\r\n`;
    const dry = await importFile({ kind: 'synonyms', format: 'csv', content: more });
    assert.deepEqual(
      dry.body.items.map((i: { action: string; message?: string }) => i.action),
      ['unchanged', 'create', 'conflict'],
    );
    const applied = await importFile({
      kind: 'synonyms',
      format: 'csv',
      content: more.split('\r\n').slice(0, 3).join('\r\n'),
      dryRun: false,
    });
    assert.equal(applied.status, 200, JSON.stringify(applied.body));
    const synonyms = (await h.merch('GET', '/synonyms')).body.synonyms;
    assert.equal(synonyms.length, 2);
    assert.deepEqual(synonyms[1].synonyms, ['notebook', 'ultrabook']);
  });

  it('refuses a file it cannot read, naming content', async () => {
    for (const [format, content] of [
      ['json', '{not json'],
      ['csv', 'just,some,columns\n1,2,3'],
      ['csv', 'name,enabled,priority,conditions,actions\n"unclosed'],
    ]) {
      const response = await importFile({ kind: 'rules', format, content });
      assert.equal(response.status, 400, content);
      assert.equal(response.body.error.field, 'content');
    }
  });
});
