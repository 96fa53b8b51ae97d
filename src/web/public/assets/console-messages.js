/**
 * The API's validation messages that come from the schema library's defaults
 * ("Too small: expected string to have >=1 characters") in the words a
 * merchandiser uses. Messages written for people pass through unchanged.
 */
const plain = [
  [/^Too small: expected string to have >=1 characters?$/, () => 'This cannot be empty.'],
  [/^Invalid input: expected string, received undefined$/, () => 'This cannot be empty.'],
  [/^Too small: expected string to have >=(\d+) characters$/, (n) => `Type at least ${n} characters.`],
  [/^Too big: expected string to have <=(\d+) characters$/, (n) => `Keep it to ${n} characters at most.`],
  [/^Too small: expected array to have >=1 items?$/, () => 'Give at least one.'],
  [/^Too small: expected array to have >=(\d+) items$/, (n) => `Give at least ${n}.`],
  [/^Too big: expected array to have <=(\d+) items$/, (n) => `Give ${n} at most.`],
  [/^Too small: expected number to be >=?(\S+)$/, (n) => `The lowest allowed is ${n}.`],
  [/^Too big: expected number to be <=?(\S+)$/, (n) => `The highest allowed is ${n}.`],
  [/^Invalid input: expected int, received \w+$/, () => 'Type a whole number here.'],
  [/^Invalid input: expected number, received \w+$/, () => 'Type a number here.'],
  [/^Invalid input: expected boolean, received \w+$/, () => 'Choose yes or no.'],
  [/^Invalid option: expected one of (.+)$/, (list) => `Choose one of ${list.replace(/"/g, '').split('|').join(', ')}.`],
  [/^Invalid ISO datetime$/, () => 'Give a date and time.'],
];

export function plainMessage(message) {
  for (const [pattern, say] of plain) {
    const match = pattern.exec(String(message));
    if (match) return say(...match.slice(1));
  }
  return message;
}
