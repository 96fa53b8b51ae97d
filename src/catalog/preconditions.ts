import { AppError, validationError } from '../core/errors';

/**
 * Optional preconditions on a product write (RFC 9110 §13): a client that
 * read version 41 sends `If-Match: "41"` and its write applies only if the
 * product is still at 41, so a late retry can neither undo a newer change nor
 * re-create a product deleted meanwhile; `If-None-Match: *` creates only. A
 * product's ETag is its version, strong (a version names one exact row). A
 * deleted product has no current representation: `If-Match` fails on it and
 * `If-None-Match: *` may create it again.
 */
export interface WritePreconditions {
  /** `*`: the product must exist; a list: its current ETag must be one of them. */
  ifMatch?: '*' | string[];
  /** `*`: the product must not exist; a list: its current ETag must be none of them. */
  ifNoneMatch?: '*' | string[];
}

/** The ETag of a product version. */
export const etagOf = (version: string): string => `"${version}"`;

const entityTag = /^(W\/)?"([\x21\x23-\x7e]*)"$/;

/** `*` or a comma-separated list of entity tags; weak tags never match a write (strong comparison). */
function parseHeader(value: string, field: string): '*' | string[] {
  if (value.trim() === '*') return '*';
  const tags = value.split(',').map((part) => part.trim());
  const strong: string[] = [];
  for (const tag of tags) {
    const match = entityTag.exec(tag);
    if (!match || tags.length > 100) throw validationError(field, `${field} takes * or entity tags such as "41" (a product's version).`);
    if (!match[1]) strong.push(tag);
  }
  return strong;
}

export function parseWritePreconditions(headers: { ifMatch: string; ifNoneMatch: string }): WritePreconditions {
  return {
    ...(headers.ifMatch === '' ? {} : { ifMatch: parseHeader(headers.ifMatch, 'If-Match') }),
    ...(headers.ifNoneMatch === '' ? {} : { ifNoneMatch: parseHeader(headers.ifNoneMatch, 'If-None-Match') }),
  };
}

export const hasPreconditions = (preconditions: WritePreconditions): boolean =>
  preconditions.ifMatch !== undefined || preconditions.ifNoneMatch !== undefined;

/** Throws 412 PRECONDITION_FAILED unless a write may apply to the product at `version` (null: absent or deleted). */
export function checkWritePreconditions(id: string, preconditions: WritePreconditions, version: string | null): void {
  const current = version === null ? null : etagOf(version);
  const { ifMatch, ifNoneMatch } = preconditions;
  if (ifMatch !== undefined && (current === null || (ifMatch !== '*' && !ifMatch.includes(current)))) {
    throw new AppError(
      'PRECONDITION_FAILED',
      current === null
        ? `Product ${id} does not exist (or was deleted).`
        : `Product ${id} is at version ${current}, not the one in If-Match.`,
    );
  }
  if (ifNoneMatch !== undefined && current !== null && (ifNoneMatch === '*' || ifNoneMatch.includes(current))) {
    throw new AppError('PRECONDITION_FAILED', `Product ${id} already exists (version ${current}).`);
  }
}
