// Types of form-fields.js for the unit tests (TypeScript does not read the browser's plain JS); only what they use.
/** A problem the console finds before asking the API, shown like the API's own 400 beside `field`. */
export class FormError extends Error {
  constructor(field: string | undefined, message: string);
  field: string | undefined;
  status: 400;
  code: 'VALIDATION_FAILED';
}
