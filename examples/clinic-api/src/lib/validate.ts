import type { FieldIssue } from '../types/index.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Collects field problems of a request body; `issues` is empty when the body is valid. */
export class Checker {
  readonly issues: FieldIssue[] = [];
  constructor(private readonly body: Record<string, unknown>) {}

  get ok(): boolean {
    return this.issues.length === 0;
  }

  private fail(field: string, issue: string): void {
    this.issues.push({ field, issue });
  }

  string(field: string, opts: { required?: boolean; max?: number } = {}): void {
    const v = this.body[field];
    if (v === undefined || v === null || v === '') {
      if (opts.required !== false) this.fail(field, 'is required');
      return;
    }
    if (typeof v !== 'string') this.fail(field, 'must be a string');
    else if (opts.max && v.length > opts.max) this.fail(field, `must be at most ${opts.max} characters`);
  }

  date(field: string, opts: { required?: boolean } = {}): void {
    const v = this.body[field];
    if (v === undefined || v === null) {
      if (opts.required !== false) this.fail(field, 'is required');
      return;
    }
    if (typeof v !== 'string' || !DATE.test(v) || Number.isNaN(Date.parse(v))) this.fail(field, 'must be a date (YYYY-MM-DD)');
  }

  dateTime(field: string, opts: { required?: boolean } = {}): void {
    const v = this.body[field];
    if (v === undefined) {
      if (opts.required !== false) this.fail(field, 'is required');
      return;
    }
    if (typeof v !== 'string' || !DATE_TIME.test(v) || Number.isNaN(Date.parse(v))) {
      this.fail(field, 'must be an ISO 8601 date-time');
    }
  }

  email(field: string, opts: { required?: boolean } = {}): void {
    const v = this.body[field];
    if (v === undefined) {
      if (opts.required) this.fail(field, 'is required');
      return;
    }
    if (typeof v !== 'string' || !EMAIL.test(v)) this.fail(field, 'must be an email address');
  }

  oneOf(field: string, values: readonly string[], opts: { required?: boolean } = {}): void {
    const v = this.body[field];
    if (v === undefined) {
      if (opts.required !== false) this.fail(field, 'is required');
      return;
    }
    if (typeof v !== 'string' || !values.includes(v)) this.fail(field, `must be one of ${values.join(', ')}`);
  }

  integer(field: string, opts: { min?: number; max?: number; required?: boolean } = {}): void {
    const v = this.body[field];
    if (v === undefined) {
      if (opts.required !== false) this.fail(field, 'is required');
      return;
    }
    if (typeof v !== 'number' || !Number.isInteger(v)) this.fail(field, 'must be an integer');
    else if (opts.min !== undefined && v < opts.min) this.fail(field, `must be >= ${opts.min}`);
    else if (opts.max !== undefined && v > opts.max) this.fail(field, `must be <= ${opts.max}`);
  }

  object(field: string, check: (c: Checker) => void, opts: { required?: boolean } = {}): void {
    const v = this.body[field];
    if (v === undefined) {
      if (opts.required !== false) this.fail(field, 'is required');
      return;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.fail(field, 'must be an object');
      return;
    }
    const inner = new Checker(v as Record<string, unknown>);
    check(inner);
    for (const i of inner.issues) this.fail(`${field}.${i.field}`, i.issue);
  }
}

/** Starts checking a request body; a non-object body is one issue on `body`. */
export function checkBody(body: unknown): Checker {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const c = new Checker({});
    c.issues.push({ field: 'body', issue: 'must be a JSON object' });
    return c;
  }
  return new Checker(body as Record<string, unknown>);
}

export interface Paging {
  limit: number;
  offset: number;
}

/** Parses `limit` (1-100, default 20) and `offset` (>= 0, default 0); null when either is invalid. */
export function parsePaging(limit: unknown, offset: unknown): Paging | null {
  const l = limit === undefined ? 20 : Number(limit);
  const o = offset === undefined ? 0 : Number(offset);
  if (!Number.isInteger(l) || l < 1 || l > 100) return null;
  if (!Number.isInteger(o) || o < 0) return null;
  return { limit: l, offset: o };
}

export function isDate(v: unknown): v is string {
  return typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(v));
}
