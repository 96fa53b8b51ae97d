/**
 * Problems with single input lines. They are counted and kept (up to a
 * limit) instead of thrown: one bad line must not stop an import of
 * millions, but the person running it needs to know which lines to fix.
 */
export interface ImportIssue {
  /** 1-based line number in the input file (for CSV: the physical line, header is line 1). */
  line: number;
  /** Stable short reason, for counting: 'invalid-json', 'zero-price', ... */
  code: string;
  message: string;
}

export interface IssueReport {
  total: number;
  byCode: Record<string, number>;
  /** The first issues kept, sorted by line; `total` may be larger. */
  sample: ImportIssue[];
}

export interface IssueLog {
  add(issue: ImportIssue): void;
  report(): IssueReport;
}

/** @param keep how many issues to keep verbatim. @default 1000 */
export function createIssueLog(keep = 1000): IssueLog {
  const sample: ImportIssue[] = [];
  const byCode: Record<string, number> = {};
  let total = 0;
  return {
    add(issue) {
      total++;
      byCode[issue.code] = (byCode[issue.code] ?? 0) + 1;
      if (sample.length < keep) sample.push(issue);
    },
    report: () => ({ total, byCode: { ...byCode }, sample: [...sample].sort((a, b) => a.line - b.line) }),
  };
}
