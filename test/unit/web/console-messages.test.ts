import assert from 'node:assert/strict';
import { plainMessage } from '../../../src/web/public/assets/console-messages.js';

describe('console: validation messages in a merchandiser’s words', () => {
  it('rewrites the schema library’s defaults', () => {
    assert.equal(plainMessage('Too small: expected string to have >=1 characters'), 'This cannot be empty.');
    assert.equal(plainMessage('Too big: expected string to have <=200 characters'), 'Keep it to 200 characters at most.');
    assert.equal(plainMessage('Too small: expected array to have >=1 items'), 'Give at least one.');
    assert.equal(plainMessage('Too big: expected number to be <=1000'), 'The highest allowed is 1000.');
    assert.equal(plainMessage('Invalid input: expected number, received string'), 'Type a number here.');
    assert.equal(plainMessage('Invalid input: expected int, received number'), 'Type a whole number here.');
    assert.equal(plainMessage('Invalid option: expected one of "is"|"starts_with"|"contains"'), 'Choose one of is, starts_with, contains.');
  });

  it('leaves messages written for people as they are', () => {
    assert.equal(plainMessage('Unknown product "shoe-9".'), 'Unknown product "shoe-9".');
    assert.equal(
      plainMessage('Give the rule a name, so you can find it in the list.'),
      'Give the rule a name, so you can find it in the list.',
    );
  });
});
