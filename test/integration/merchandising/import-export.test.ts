import assert from 'node:assert/strict';
import { startHarness, type MerchandisingHarness } from './support';

/** Import and export of rules, synonyms and ranking weights, JSON and CSV, with a dry run (issue 20), against the real services. */
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

  it('imports a file over the general 1 MB body limit (a large export must come back in), read only once the merchandiser is known', async () => {
    // Whitespace after the JSON: 1.2 MB of file, one rule (the review saw a 413 naming no field for such a file).
    const content = `${JSON.stringify({ rules: [pin] })}${' '.repeat(1_200_000)}`;
    const dry = await importFile({ kind: 'rules', format: 'json', content });
    assert.equal(dry.status, 200, JSON.stringify(dry.body).slice(0, 300));
    assert.deepEqual(dry.body.summary, { create: 1, update: 0, unchanged: 0, conflict: 0 });
    // Anyone else is refused before the body is read; the larger limit is the merchandisers' alone.
    const stranger = await h.api.request('POST', '/v1/merchandising/import', {
      key: h.publicKey,
      body: { kind: 'rules', format: 'json', content },
    });
    assert.equal(stranger.status, 403);
    // Any other route keeps the general limit.
    const elsewhere = await h.merch('POST', '/rules', { ...pin, name: 'x'.repeat(1_200_000) });
    assert.equal(elsewhere.status, 413);
    // The import's own checks still hold: a NUL decoded from the body is a 400 naming its field.
    const nul = await importFile({ kind: 'rules', format: 'json', content: `${JSON.stringify({ rules: [pin] })}\u0000` });
    assert.equal(nul.status, 400);
  });

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

  for (const format of ['json', 'csv'] as const) {
    it(`exports the ranking weights as ${format}, and a dry run of an edited file names each weight that would change`, async () => {
      assert.equal((await h.merch('PUT', '/weights/global', { popularity: 2, rating: 0.5 })).status, 200);
      assert.equal((await h.merch('PUT', '/weights/categories/shoes', { text: 3 })).status, 200);
      const exported = await h.api.request('GET', `/v1/merchandising/export?kind=weights&format=${format}`, { key: h.merchandiserKey });
      assert.equal(exported.status, 200);
      assert.match(exported.headers.get('content-disposition') ?? '', new RegExp(`filename="agora-weights-.*\\.${format}"`));
      const content = format === 'json' ? JSON.stringify(exported.body) : (exported.body as string);
      if (format === 'json')
        assert.deepEqual(exported.body, {
          weights: [
            { scope: 'global', weights: { popularity: 2, rating: 0.5 } },
            { scope: 'shoes', weights: { text: 3 } },
          ],
        });
      else
        assert.equal(
          content,
          'scope,text,popularity,recency,rating,stock,merchantRating,personalization,productType\r\n' +
            'global,,2,,0.5,,,,\r\nshoes,3,,,,,,,\r\n',
        );
      const same = await importFile({ kind: 'weights', format, content });
      assert.equal(same.status, 200, JSON.stringify(same.body));
      assert.deepEqual(same.body.summary, { create: 0, update: 0, unchanged: 2, conflict: 0 });

      // Edited: global popularity 2 → 4 and rating dropped; shoes left to inherit; cookware gets its own.
      const edited =
        format === 'json'
          ? JSON.stringify({
              weights: [
                { scope: 'global', weights: { popularity: 4 } },
                { scope: 'shoes', weights: {} },
                { scope: 'cookware', weights: { stock: 1.5 } },
              ],
            })
          : 'scope,popularity,stock\r\nglobal,4,\r\nshoes,,\r\ncookware,,1.5\r\n';
      const dry = await importFile({ kind: 'weights', format, content: edited });
      assert.equal(dry.status, 200, JSON.stringify(dry.body));
      assert.equal(dry.body.dryRun, true);
      assert.deepEqual(
        dry.body.items.map((i: { label: string; action: string; changes: unknown }) => [i.label, i.action, i.changes]),
        [
          [
            'Every search (global)',
            'update',
            [
              { weight: 'popularity', before: 2, after: 4 },
              { weight: 'rating', before: 0.5, after: null },
            ],
          ],
          ['Category shoes', 'update', [{ weight: 'text', before: 3, after: null }]],
          ['Category cookware', 'create', [{ weight: 'stock', before: null, after: 1.5 }]],
        ],
      );
      assert.deepEqual((await h.merch('GET', '/weights')).body.global, { popularity: 2, rating: 0.5 }, 'a dry run writes nothing');

      const applied = await importFile({ kind: 'weights', format, content: edited, dryRun: false });
      assert.equal(applied.status, 200, JSON.stringify(applied.body));
      const now = (await h.merch('GET', '/weights')).body;
      assert.deepEqual([now.global, now.categories], [{ popularity: 4 }, { cookware: { stock: 1.5 } }]);
      const audited = (await h.merch('GET', '/changes?entity=weights')).body.changes.map((c: { entityId: string; op: string }) => [
        c.entityId,
        c.op,
      ]);
      assert.deepEqual(audited.slice(0, 3), [
        ['cookware', 'create'],
        ['shoes', 'delete'],
        ['global', 'update'],
      ]);
    });
  }

  it('lists weight conflicts (unknown category, out of range, unknown weight, a scope twice) and imports nothing', async () => {
    const content = JSON.stringify([
      { scope: 'global', weights: { popularity: 3 } },
      { scope: 'no-such-category', weights: { text: 2 } },
      { scope: 'shoes', weights: { popularity: 11 } },
      { scope: 'boots', weights: { sparkle: 1 } },
      { scope: 'global', weights: { rating: 1 } },
    ]);
    const dry = await importFile({ kind: 'weights', format: 'json', content });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.deepEqual(
      dry.body.items.map((i: { action: string; field?: string }) => [i.action, i.field ?? null]),
      [
        ['create', null],
        ['conflict', 'scope'],
        ['conflict', 'weights.popularity'],
        ['conflict', 'weights.sparkle'],
        ['conflict', 'scope'],
      ],
    );
    const refused = await importFile({ kind: 'weights', format: 'json', content, dryRun: false });
    assert.equal(refused.status, 409);
    assert.deepEqual((await h.merch('GET', '/weights')).body.global, {}, 'nothing imported');
    const badHeader = await importFile({ kind: 'weights', format: 'csv', content: 'scope,sparkle\r\nglobal,1\r\n' });
    assert.equal(badHeader.status, 400);
    assert.equal(badHeader.body.error.field, 'content');
    assert.match(badHeader.body.error.message, /unknown: sparkle/);
    const notNumber = await importFile({ kind: 'weights', format: 'csv', content: 'scope,rating\r\nglobal,high\r\n' });
    assert.deepEqual(
      notNumber.body.items.map((i: { action: string; field: string }) => [i.action, i.field]),
      [['conflict', 'weights.rating']],
    );
  });

  it('plans a weights file naming more scopes than one Postgres statement takes parameters: conflicts, not a 500', async () => {
    // 66,000 distinct scopes: a lookup with one bound parameter per scope passes Postgres's 65,535 and failed with a 500.
    const scopes = Array.from({ length: 66_000 }, (_, i) => `c${i}`);
    const response = await importFile({
      kind: 'weights',
      format: 'csv',
      content: `scope,text\r\n${scopes.map((s) => `${s},2`).join('\r\n')}\r\n`,
    });
    assert.equal(response.status, 200, JSON.stringify(response.body).slice(0, 300));
    assert.equal(response.body.summary.conflict, 66_000);
    assert.equal(response.body.items[0].message, 'There is no category c0.');
  });

  it('reads a weights CSV strictly: a column named twice, a row with more cells than columns, a number not in decimals', async () => {
    const twice = await importFile({ kind: 'weights', format: 'csv', content: 'scope,text,text\r\nglobal,2,3\r\n' });
    assert.equal(twice.status, 400, JSON.stringify(twice.body));
    assert.equal(twice.body.error.field, 'content');
    assert.match(twice.body.error.message, /text.*twice/);
    // A decimal comma left unquoted splits 1,5 into two cells: that is not text = 1.
    const comma = await importFile({ kind: 'weights', format: 'csv', content: 'scope,text\r\nglobal,1,5\r\n' });
    assert.equal(comma.status, 200, JSON.stringify(comma.body));
    assert.deepEqual(
      comma.body.items.map((i: { row: number; action: string; field: string }) => [i.row, i.action, i.field]),
      [[2, 'conflict', 'content']],
    );
    const hex = await importFile({ kind: 'weights', format: 'csv', content: 'scope,text\r\nglobal,0x2\r\n' });
    assert.deepEqual(
      hex.body.items.map((i: { action: string; field: string }) => [i.action, i.field]),
      [['conflict', 'weights.text']],
    );
  });

  it('reads rules and synonyms CSV as strictly: a column named twice, a row with more cells than columns', async () => {
    const twice = await importFile({
      kind: 'rules',
      format: 'csv',
      content: 'name,enabled,priority,conditions,actions,actions\r\nx,true,0,{},"[{""type"":""hide"",""productIds"":[""shoe-1""]}]",[]\r\n',
    });
    assert.equal(twice.status, 400, JSON.stringify(twice.body));
    assert.equal(twice.body.error.field, 'content');
    assert.match(twice.body.error.message, /actions twice/);
    // An unquoted decimal comma: weight 0,5 is not weight 0.
    const comma = await importFile({
      kind: 'synonyms',
      format: 'csv',
      content: 'type,terms,input,synonyms,weight\r\nmultiway,sneaker|trainer,,,0,5\r\n',
    });
    assert.equal(comma.status, 200, JSON.stringify(comma.body));
    assert.deepEqual(
      comma.body.items.map((i: { action: string; field: string }) => [i.action, i.field]),
      [['conflict', 'content']],
    );
  });

  it('runs imports one after the other: the same file sent five times at once creates its rule once', async () => {
    const content = JSON.stringify({ rules: [{ name: 'Imported at once', actions: [{ type: 'hide', productIds: ['shoe-1'] }] }] });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => importFile({ kind: 'rules', format: 'json', content, dryRun: false })),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200, 200, 200],
    );
    // Each import is planned against what the one before it wrote: one creates the rule, the others find it unchanged.
    assert.deepEqual(answers.map((a) => a.body.summary.create).sort(), [0, 0, 0, 0, 1]);
    assert.equal((await h.merch('GET', '/rules')).body.total, 1);
  });

  it('lists text Postgres cannot store and nesting past the limit as conflicts, as the API refuses them in a body: never a 500', async () => {
    // The body's own checks see only the file as one string: what its JSON escapes decode to is checked item by item.
    const deep = '{"a":'.repeat(40) + '1' + '}'.repeat(40);
    for (const [kind, content, field] of [
      ['rules', JSON.stringify([{ name: 'nul\u0000', actions: [{ type: 'hide', productIds: ['shoe-1'] }] }]), 'name'],
      ['rules', JSON.stringify([{ name: 'key', actions: [{ type: 'data', data: { 'a\u0000': 1 } }] }]), 'actions[0].data'],
      ['rules', JSON.stringify([{ name: 'surrogate', actions: [{ type: 'data', data: { a: '\ud800' } }] }]), 'actions[0].data.a'],
      ['rules', `[{"name":"deep","actions":[{"type":"data","data":${deep}}]}]`, 'actions[0].data'],
      [
        'rules',
        `name,enabled,priority,conditions,actions\r\nin a cell,true,0,{},"[{""type"":""data"",""data"":{""a"":""\\u0000""}}]"\r\n`,
        'actions[0].data.a',
      ],
      ['synonyms', JSON.stringify([{ type: 'multiway', terms: ['a\u0000', 'b'] }]), 'terms[0]'],
      ['synonyms', JSON.stringify([{ type: 'oneway', input: '\ud800x', synonyms: ['b'] }]), 'input'],
    ]) {
      const format = content.startsWith('name,') ? 'csv' : 'json';
      const dry = await importFile({ kind, format, content });
      assert.equal(dry.status, 200, `${content}: ${JSON.stringify(dry.body)}`);
      assert.equal(dry.body.items[0].action, 'conflict', content);
      assert.ok(dry.body.items[0].field.startsWith(field), `${content}: ${dry.body.items[0].field}`);
      const applied = await importFile({ kind, format, content, dryRun: false });
      assert.equal(applied.status, 409, `${content}: ${JSON.stringify(applied.body)}`);
    }
    assert.equal((await h.merch('GET', '/rules')).body.total, 0);
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
