import assert from 'node:assert/strict';
import { analyzeQuery } from '../../../../ranking/query/query-text';
import { correctQuery, suggestedWords, withoutCatalogWords, wordsToLookUp } from '../../../../src/search/fallback/correction';
import { createLexicon } from '../../../../src/search/fallback/lexicon';

describe('correctQuery', () => {
  const lexicon = createLexicon(['wireless', 'purple', 'cable', 'headphone', 'unicorn', 'orbit']);
  const words = (q: string) => analyzeQuery(q).words;
  const suggested = (pairs: Record<string, string>) => new Map(Object.entries(pairs));

  it('corrects every misspelt word: the catalog suggestion first, then English', () => {
    assert.equal(
      correctQuery(words('wireles headphnes'), suggested({ headphnes: 'headphones' }), new Set(), lexicon),
      'wireless headphones',
    );
    assert.equal(correctQuery(words('hedfonez'), suggested({}), new Set(), lexicon), 'headphone');
  });

  it('keeps words the catalog or English has, and words never treated as typos', () => {
    assert.equal(correctQuery(words('orbix unicorn'), suggested({}), new Set(['orbix']), lexicon), null);
    assert.equal(
      correctQuery(words('usb cable'), suggested({ cable: 'case' }), new Set(), lexicon),
      null,
      'two edits from an English word',
    );
    assert.equal(correctQuery(words('x16 tv'), suggested({}), new Set(), lexicon), null);
  });

  it('asks the catalog about words the suggester would change and words English does not know', () => {
    const asked = wordsToLookUp(words('orbix unicorn shooz x16'), suggested({ shooz: 'shoes' }), lexicon).map((w) => w.word);
    assert.deepEqual(asked, ['orbix', 'shooz']);
  });

  it("takes no suggestion further than the search's typo tolerance for the word's length", () => {
    assert.equal(correctQuery(words('intel'), suggested({ intel: 'intent' }), new Set(), lexicon), null);
    assert.equal(correctQuery(words('intnt'), suggested({ intnt: 'intent' }), new Set(), lexicon), 'intent');
    assert.equal(correctQuery(words('battlefeild'), suggested({ battlefeild: 'battlefield' }), new Set(), lexicon), 'battlefield');
    // Two edits on five letters, but the same sound: a shopper's spelling, not another word.
    assert.equal(correctQuery(words('shooz'), suggested({ shooz: 'shoes' }), new Set(), lexicon), 'shoes');
  });

  it('never corrects a word the catalog has, even one the suggester would change (a brand named in no title)', () => {
    assert.equal(correctQuery(words('puzzlo unicorn'), suggested({ puzzlo: 'puzzle' }), new Set(['puzzlo']), lexicon), null);
    assert.deepEqual(
      [...withoutCatalogWords(suggested({ puzzlo: 'puzzle', jigsw: 'jigsaw' }), new Set(['puzzlo']))],
      [['jigsw', 'jigsaw']],
    );
  });

  it('reads the suggester entries, with one or several options', () => {
    const response = {
      suggest: {
        spelling: [
          { text: 'shooz', offset: 0, length: 5, options: [{ text: 'shoes', score: 0.8, freq: 3 }] },
          { text: 'unicorn', offset: 6, length: 7, options: [] },
        ],
      },
    } as unknown as Parameters<typeof suggestedWords>[0];
    assert.deepEqual([...suggestedWords(response)], [['shooz', 'shoes']]);
  });
});
