/** Body of every 4xx/5xx response. */
export interface ApiError {
  error: string;
  message: string;
  details?: FieldIssue[];
}

export interface FieldIssue {
  field: string;
  issue: string;
}

/** Envelope of every list endpoint. */
export interface Page<T> {
  data: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface IdParams {
  id: string;
}

export interface Address {
  line1: string;
  line2?: string;
  city: string;
  state: string;
  postalCode: string;
}

/** ISO 8601 calendar date, e.g. `1984-07-21`. */
export type IsoDate = string;
/** ISO 8601 date-time with offset, e.g. `2025-06-03T09:30:00Z`. */
export type IsoDateTime = string;
