import assert from 'node:assert/strict';
import { expandQuery } from '../../../../ranking/synonyms/expand';
import { parseEquivalents, shippedSynonyms, withShippedEquivalents } from '../../../../ranking/synonyms/retail-equivalents';
import type { SynonymDictionary, SynonymEntry } from '../../../../ranking/synonyms/dictionary';
import { analyzeQuery } from '../../../../ranking/query/query-text';

/** The alternative texts a query's first synonym span gets. */
const alternatives = (q: string, dictionary: SynonymDictionary = shippedSynonyms): string[] =>
  (expandQuery(analyzeQuery(q), dictionary).synonyms ?? []).flatMap((s) => s.alternatives.map((a) => a.text));

describe('retail equivalents file', () => {
  it('reads equivalents and one-way lines in the Solr format, skipping comments and blank lines', () => {
    const entries = parseEquivalents('# tv\ntv, television, 电视\n\nnotebook, 笔记本 => laptop, notebook computer  # one way\n');
    assert.deepEqual(entries, [
      { id: 'shipped:2', type: 'multiway', terms: ['tv', 'television', '电视'] },
      { id: 'shipped:4', type: 'oneway', input: 'notebook', synonyms: ['laptop', 'notebook computer'] },
      { id: 'shipped:4', type: 'oneway', input: '笔记本', synonyms: ['laptop', 'notebook computer'] },
    ]);
  });

  it('names the line it cannot read', () => {
    assert.throws(() => parseEquivalents('tv, television\nlaptop'), /line 2: equivalents need at least two terms/);
    assert.throws(() => parseEquivalents('tv,, television'), /line 1: an empty term/);
    assert.throws(() => parseEquivalents('a => b => c'), /line 1/);
  });
});

describe('shipped retail equivalents', () => {
  it('gives the same product under its other names, in English and Chinese, plurals included', () => {
    assert.ok(alternatives('tv').includes('television'));
    assert.ok(alternatives('televisions').includes('tv'));
    assert.ok(alternatives('tv').includes('电视'));
    assert.ok(alternatives('smartwatch').includes('智能手表'));
    assert.ok(alternatives('headset').includes('耳麦'));
    assert.ok(alternatives('laptops').includes('notebook computer'));
    assert.ok(alternatives('mobile phone').includes('smartphone'));
    assert.ok(alternatives('跑步鞋').includes('跑鞋'));
    assert.ok(alternatives('跑鞋').includes('running shoes'));
    assert.ok(alternatives('trainers').includes('sneakers'));
    assert.ok(alternatives('运动鞋').includes('running shoes'));
    assert.ok(alternatives('耳机').includes('耳麦'));
  });

  it('leaves spellings that differ by a space to the search’s own joining and splitting of words', () => {
    assert.deepEqual(alternatives('smart phone'), []);
    assert.ok(!alternatives('smartphone').includes('smart phone'));
  });

  it('points a word with another meaning one way only', () => {
    assert.ok(alternatives('notebook').includes('laptop'), 'a notebook may be a laptop');
    assert.ok(!alternatives('laptop').includes('notebook'), 'a laptop is never a paper notebook');
    assert.ok(alternatives('笔记本').includes('笔记本电脑'));
    assert.ok(!alternatives('笔记本电脑').includes('笔记本'));
    assert.ok(!alternatives('智能手机').includes('手机'), '手机 alone also names phone cases');
  });

  it('lets merchandisers extend a shipped line, replace it, or switch it off', () => {
    const own = (entries: SynonymEntry[]) => withShippedEquivalents(entries);
    const telly: SynonymEntry = { id: 'm1', type: 'oneway', input: 'tv', synonyms: ['telly'] };
    assert.deepEqual(alternatives('tv', own([telly])), ['telly'], 'an input merchandisers define takes their alternatives');
    assert.ok(alternatives('television', own([telly])).includes('tv'), 'other inputs of the shipped line stay');
    const stationery: SynonymEntry = { id: 'm2', type: 'oneway', input: 'notebook', synonyms: ['notebook'] };
    assert.deepEqual(alternatives('notebook', own([stationery])), []);
    const handset: SynonymEntry = { id: 'm3', type: 'multiway', terms: ['handset', 'phablet'] };
    assert.ok(alternatives('smartphone', own([handset])).includes('mobile phone'), 'a new line leaves the shipped ones alone');
    assert.deepEqual(alternatives('handset', own([handset])), ['phablet']);
  });
});
