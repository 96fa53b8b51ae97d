import assert from 'node:assert/strict';
import { isSuggestable, unsuggestableReason, type UnsuggestableReason } from '../../../../ranking/suggestions/suggestable';
import { normalize } from '../../../../src/core/text';

describe('ranking/suggestions/suggestable', () => {
  const refused: Array<[string, UnsuggestableReason]> = [
    // The strings the issue saw offered to every shopper.
    ['1 or 1=1', 'syntax-character'],
    ['price:[0 to *]', 'syntax-character'],
    // Injection and markup.
    ['<script>alert(1)</script>', 'syntax-character'],
    ["' or ''='", 'syntax-character'],
    ["' or 1 --", 'sql'],
    ["shoes' --", 'sql'],
    ['union select password from users', 'sql'],
    ['x; drop table products', 'sql'],
    ['{{7*7}}', 'syntax-character'],
    ['${jndi:ldap}', 'syntax-character'],
    ['%00', 'syntax-character'],
    ['%3cscript%3e', 'syntax-character'],
    ['../../etc/passwd', 'syntax-character'],
    ['/etc/passwd', 'syntax-character'],
    ['a\u0000b', 'control-character'],
    ['shoes\u200b', 'control-character'],
    // Query syntax.
    ['a AND b OR c', 'boolean-operator'],
    ['a and b or c', 'boolean-operator'],
    ['red or blue or green', 'boolean-operator'],
    ['shoes or', 'boolean-operator'],
    ['not shoes', 'boolean-operator'],
    ['1 or 1', 'boolean-operator'],
    ['field:value', 'syntax-character'],
    ['brand:nike', 'syntax-character'],
    ['title:"shoes"', 'syntax-character'],
    ['shoe*', 'syntax-character'],
    ['shoes~2', 'syntax-character'],
    ['+shoes -red', 'syntax-character'],
    ['"running shoes"', 'syntax-character'],
    ['shoes && boots', 'sql'],
    // Addresses.
    ['http://evil.example/x', 'url'],
    ['https://shop.example', 'url'],
    ['www.cheap-pills.biz', 'url'],
    ['cheap-pills.com', 'url'],
    ['visit shop.xyz now', 'url'],
    ['bob@example.com', 'email'],
    ['mail bob@example.org', 'email'],
    // Mostly digits or punctuation.
    ['12345', 'too-few-letters'],
    ['1234 5678', 'too-few-letters'],
    ['...', 'too-few-letters'],
    ['-_-', 'syntax-character'],
    ['9.99.1', 'too-few-letters'],
    ['a1234', 'too-few-letters'],
    // Length, mashed keys, tokens.
    ['a', 'too-short'],
    ['  ', 'too-short'],
    ['x'.repeat(61), 'too-long'],
    ['cheap red running shoes for men size ten wide fit', 'too-long'],
    ['aaaaaaa', 'repeated-character'],
    ['shoessssss', 'repeated-character'],
    ['zzzzzz top', 'repeated-character'],
    ['d41d8cd98f00b204e9800998ecf8427e00ff', 'long-word'],
  ];
  for (const [text, reason] of refused) {
    it(`refuses ${JSON.stringify(text)} (${reason})`, () => {
      assert.equal(unsuggestableReason(text), reason);
      assert.equal(isSuggestable(text), false);
      // The log stores queries normalised; the serving side sees that form.
      assert.equal(isSuggestable(normalize(text)), false, `normalised: ${normalize(text)}`);
    });
  }

  it('refuses upper-case Lucene operators in the raw query, whose normalised form is an ordinary phrase', () => {
    // The refresh job judges each logged row's raw query as well as its normalised one for this reason.
    assert.equal(unsuggestableReason('shoes AND boots'), 'boolean-operator');
    assert.equal(unsuggestableReason('shoes NOT boots'), 'boolean-operator');
    assert.equal(unsuggestableReason(normalize('shoes AND boots')), null);
  });

  const accepted = [
    'running shoes',
    'Running Shoes',
    'wireless headphones',
    'salt and pepper grinder',
    'black or white',
    'rock and roll',
    "men's jacket",
    'men’s jacket',
    't-shirt',
    'h&m',
    '4k tv',
    'iphone 15',
    'iphone 15 pro max',
    '128gb',
    'i7 12700k',
    'rtx 4090',
    '1/2 inch drill',
    '100% cotton',
    'dr. martens',
    'node.js book',
    '2024 calendar',
    '100000 mah power bank',
    'ab',
    'café crème',
    '铸铁锅',
    '跑鞋 男',
    'ironleaf 铸铁',
    'sonoma',
    'extra long wireless noise cancelling headphones for travel',
  ];
  for (const text of accepted) {
    it(`accepts ${JSON.stringify(text)}`, () => {
      assert.equal(unsuggestableReason(text), null);
      assert.equal(isSuggestable(normalize(text)), true);
    });
  }
});
