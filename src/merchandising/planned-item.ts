/** One weight a scope's import changes; null: not set by the scope (it inherits). */
export interface WeightChange {
  weight: string;
  before: number | null;
  after: number | null;
}

/** What an import would do with one item of the file (the dry run's row), whatever kind the file holds. */
export interface PlannedItem<Definition> {
  /** 1-based: the item's place in a JSON array, or its CSV line (the header is line 1). */
  row: number;
  label: string;
  action: 'create' | 'update' | 'unchanged' | 'conflict';
  /** For a conflict: what is wrong, in words, and the field. */
  message?: string;
  field?: string;
  existingId?: string;
  definition?: Definition;
  /** Weights only: each weight that would change, before and after (null: not set by the scope). */
  changes?: WeightChange[];
}
