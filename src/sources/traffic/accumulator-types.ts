import type { AuthObservation, BodyShape, SegmentKind, Sketch, ValueShape } from './exchange-shape.js';

/** Statistics of one path position of an accumulator. */
export interface SegmentStats {
  /** The static text, for a static position. */
  text?: string;
  /** Extension split off the last segment. */
  ext?: string;
  /** How often each kind was seen here (non-static positions). */
  kinds?: Partial<Record<SegmentKind, number>>;
  /** Distinct values seen here. */
  distinct?: Sketch;
}

/** Body statistics of one media type. */
export interface BodyStats {
  count: number;
  json?: ValueShape;
  form?: ValueShape;
  unparsed?: number;
  /** Largest decoded size seen, in bytes. */
  maxSize?: number;
}

/** Statistics of one response status. */
export interface ResponseStats {
  count: number;
  /** Non-standard response header name → exchanges that had it. */
  headers: Record<string, number>;
  /** Media type → body statistics; `''` for responses without a content type. */
  content: Record<string, BodyStats>;
  /** Responses without a body. */
  empty: number;
}

/** Auth statistics of one accumulator. */
export interface AuthStats {
  withCredentials: number;
  withoutCredentials: number;
  /** 2xx answers to requests that carried no credentials. */
  successWithoutCredentials: number;
  /** Scheme id (see `authSchemeId`) → the scheme and how many exchanges used it. */
  schemes: Record<string, { scheme: AuthObservation; count: number }>;
  /**
   * Sorted `+`-joined scheme ids of one exchange (`''` for none) → exchanges: the alternatives the server accepted
   * (401/403 answers are left out; anonymous requests count only when answered with success).
   */
  combinations: Record<string, number>;
  /** `WWW-Authenticate` scheme → responses that sent it. */
  challenges?: Record<string, number>;
}

/**
 * Everything observed for one concrete path key and method, merged over many {@link ExchangeShape}s: counts,
 * kinds and sketches, never a value. Plain JSON: the store saves it as is; {@link mergeAccumulators} adds two.
 */
export interface ShapeAccumulator {
  version: 1;
  /** `GET /api/v1/patients/{}` — static segments, `{}` for the rest; the identity accumulators merge under. */
  key: string;
  method: string;
  /** Documented template (full path, names included) when the exchanges matched one. */
  template?: string;
  segments: SegmentStats[];
  trailingSlash?: number;
  count: number;
  /** ISO-8601. */
  firstSeen: string;
  lastSeen: string;
  /** Origin → exchanges. */
  origins: Record<string, number>;
  /** Query parameter name → value shape (its `count` = exchanges that had the parameter). */
  query: Record<string, ValueShape>;
  /** Non-standard request header name → exchanges that had it. */
  requestHeaders: Record<string, number>;
  /** Exchanges answered below 400: the ones request bodies are learned from. */
  requestSamples: number;
  /** Media type → request body statistics (from exchanges answered below 400). */
  request: Record<string, BodyStats>;
  /** Status code (`200`, `0` for none) → response statistics. */
  responses: Record<string, ResponseStats>;
  auth: AuthStats;
  /** Exchanges with a PII-looking path segment. */
  piiInPath?: number;
  /** Exchanges that sent a credential in the URL. */
  credentialInUrl?: number;
  /** Exchanges known only from OpenTelemetry spans: they count for operations and statuses, never for auth. */
  spans?: number;
  /** Largest body sizes spans reported, in bytes. */
  maxSizes?: { request?: number; response?: number };
}

export type { BodyShape };
