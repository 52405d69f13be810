/** One bad value: where it is and what is wrong, for the operator to fix the file. */
export interface ImportIssue {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  /** Canonical column name (e.g. `ngay_tiep_nhan`), or null for a whole-row problem. */
  column: string | null;
  message: string;
}

export function formatIssue(issue: ImportIssue): string {
  return issue.column ? `Dòng ${issue.line}, cột ${issue.column}: ${issue.message}` : `Dòng ${issue.line}: ${issue.message}`;
}

/** A file that was refused: nothing was written. */
export class ImportError extends Error {
  constructor(
    readonly issues: ImportIssue[],
    /** True when reading stopped after the first `issues.length` problems. */
    readonly truncated = false,
  ) {
    const lines = issues.map(formatIssue);
    if (truncated) lines.push(`(Dừng sau ${issues.length} lỗi đầu tiên.)`);
    lines.push('Không có dữ liệu nào được ghi. / Nothing was imported.');
    super(lines.join('\n'));
    this.name = 'ImportError';
  }
}

/** Collects the first issues of a file; reading stops once `max` are found. */
export class IssueList {
  readonly items: ImportIssue[] = [];
  constructor(readonly max = 20) {}
  add(line: number, column: string | null, message: string): void {
    if (this.items.length < this.max) this.items.push({ line, column, message });
  }
  get full(): boolean {
    return this.items.length >= this.max;
  }
  get any(): boolean {
    return this.items.length > 0;
  }
  /** Throws an ImportError if anything was found. */
  throwIfAny(): void {
    if (this.any) throw new ImportError(this.items, this.full);
  }
}
