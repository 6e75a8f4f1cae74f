/** A header, query or form pair as a capture holds it. Values live only in memory, never past {@link reduceExchange}. */
export interface NameValue {
  name: string;
  value: string;
}

/**
 * A request or response body as read from a capture. At most one of `value`, `text`, `bytes` is the source of
 * truth, in that order: `value` is an already-parsed JSON value (NDJSON lines and middleware may carry one), `text`
 * decoded text, `bytes` raw bytes (base64-decoded HAR content, possibly still compressed).
 */
export interface ExchangeBody {
  /** `Content-Type` as sent, parameters included (`application/json; charset=utf-8`). */
  mimeType?: string;
  value?: unknown;
  text?: string;
  bytes?: Uint8Array;
  /** Form fields when the capture lists them (HAR `postData.params`); file fields carry an empty value. */
  params?: NameValue[];
}

/**
 * One request/response pair read from a HAR or NDJSON capture. Held only in memory: {@link reduceExchange}
 * turns it into a value-free {@link ExchangeShape} at the edge.
 */
export interface Exchange {
  method: string;
  /** Absolute URL, or an origin-relative path with query (`/patients/1?x=y`). */
  url: string;
  /** ISO-8601 time the request started, when the capture has it. */
  startedDateTime?: string;
  request: {
    headers: NameValue[];
    body?: ExchangeBody;
  };
  response: {
    /** HTTP status; 0 when the capture has none (aborted, blocked). */
    status: number;
    headers: NameValue[];
    body?: ExchangeBody;
  };
}
