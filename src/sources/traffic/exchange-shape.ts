/** JSON types a value shape counts (`integer` is a number without a fraction). */
export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

/** String formats counted per value (JSON Schema / OpenAPI `format` names). */
export type StringFormat = 'date-time' | 'date' | 'uuid' | 'email' | 'uri' | 'ipv4' | 'ipv6';

/** Value validators whose hits the PII classifier uses. Each is a structural check, never a stored value. */
export type ValueKind =
  | 'email'
  | 'phone'
  | 'ssn'
  | 'card'
  | 'npi'
  | 'ip'
  | 'mbi'
  | 'jwt'
  | 'password-hash'
  | 'private-key'
  | 'api-key';

/**
 * What a path segment was reduced to. `static` keeps the text (route structure: `patients`, `v1`, `$everything`);
 * every other kind keeps no text, only a sketch entry for cardinality.
 */
export type SegmentKind =
  | 'static'
  | 'int'
  | 'uuid'
  | 'ulid'
  | 'objectid'
  | 'hash'
  | 'date'
  | 'email'
  | 'ip'
  | 'phone'
  | 'ssn'
  | 'token'
  | 'opaque'
  | 'other';

/**
 * A distinct-count sketch over keyed 32-bit hashes, HyperLogLog with 256 registers. `sparse` holds up to 64
 * register updates (`index * 32 + rank`, 13 bits each: many values of any real domain share one, so no value can
 * be recovered from it); past that, `dense` holds the 256 registers, base64.
 */
export interface Sketch {
  sparse?: number[];
  dense?: string;
}

/** One path segment of an exchange, reduced. */
export interface SegmentShape {
  kind: SegmentKind;
  /** The segment text, only for `static` segments. */
  text?: string;
  /** A known file extension split off the last segment (`json` for `/patients/1.json`). */
  ext?: string;
  /** Sketch entry of the value for non-static segments (see {@link Sketch}). */
  h?: number;
}

/**
 * The shape of the values seen at one JSON path (or query parameter, or form field): counts only. The same type
 * serves one exchange and an accumulation of many; {@link mergeValueShapes} adds two together.
 */
export interface ValueShape {
  /** Occurrences at this path, null included. For a property: the number of parent objects that had the key. */
  count: number;
  types: Partial<Record<JsonType, number>>;
  /** Format matches among string values. */
  formats?: Partial<Record<StringFormat, number>>;
  /** Validator hits among values (strings, and integers for card/NPI). */
  kinds?: Partial<Record<ValueKind, number>>;
  /** Shortest and longest string value, in characters. */
  length?: [number, number];
  /** Fewest and most items of array values. */
  itemCount?: [number, number];
  properties?: Record<string, ValueShape>;
  /** Merged shape of every array item. */
  items?: ValueShape;
  /** Values under keys that look like values themselves (ids, emails, dates): the object is a map. */
  mapValues?: ValueShape;
  /** Distinct estimate of string/number values. */
  distinct?: Sketch;
  /**
   * Enum candidates: literal strings kept only when code-like (`active`, `IN_PROGRESS`: letters and `_`/`-`, no
   * digit, ≤ 32 characters), no validator hit, and the field name is not personal (`name`, `username`, `city`…) or
   * secret. Dropped for good once more than 20 distinct literals were seen (`literalsOverflow`).
   */
  literals?: Record<string, number>;
  literalsOverflow?: boolean;
  /** Depth, property or item limits cut this value short. */
  truncated?: boolean;
}

/** A body reduced: media type and, when parsable, the shape of its JSON or form content. */
export interface BodyShape {
  /** Media type without parameters, lower case (`application/json`); `''` when the capture gives none. */
  mediaType: string;
  /** Decoded size in bytes. */
  size: number;
  json?: ValueShape;
  /** Form fields (urlencoded or multipart) as an object shape. */
  form?: ValueShape;
  /** The body claimed JSON (or form) but could not be parsed, or was too large to parse. */
  unparsed?: boolean;
}

/** A security scheme as one request used it. Names are header/query/cookie names, never values. */
export interface AuthObservation {
  type: 'http' | 'apiKey';
  /** For `http`: `bearer`, `basic`, `digest`, … (lower case). */
  scheme?: string;
  /** `JWT` when a bearer token is a JWT. */
  bearerFormat?: string;
  in?: 'header' | 'query' | 'cookie';
  name?: string;
}

/**
 * The value-free reduction of one {@link Exchange}: what the store persists and ingestion transmits.
 * JSON-serialisable; holds no body, header, query, cookie or path value — only names of structure, kinds, counts
 * and 13-bit sketch entries.
 */
export interface ExchangeShape {
  /** Format version of this object. */
  shape: 1;
  /** Upper-case method. */
  method: string;
  /** `https://api.example.com` (scheme, lower-case host, non-default port); absent for path-only URLs. */
  origin?: string;
  segments: SegmentShape[];
  trailingSlash?: boolean;
  /**
   * Full template of the documented operation path this URL matched (`/api/v1/patients/{id}`, base path applied),
   * when a documented surface was given. Segments then align with the template's segments.
   */
  template?: string;
  /** Query parameter name → shape of its value(s). Names that look like values are folded into `*`. */
  query: Record<string, ValueShape>;
  /** Non-standard request header names, lower case (no credentials headers; those are in `auth`). */
  requestHeaders: string[];
  /** Non-standard response header names, lower case. */
  responseHeaders: string[];
  /** Security schemes the request carried. */
  auth: AuthObservation[];
  /** Whether the request carried any credentials (an auth header, API key, auth cookie, or credential in the URL). */
  credentials: boolean;
  /** `WWW-Authenticate` challenge schemes of the response, lower case. */
  challenges?: string[];
  status: number;
  request?: BodyShape;
  response?: BodyShape;
  /** ISO-8601 time of the exchange. */
  time: string;
  /** Path segments whose value passed a PII validator (email, phone, ssn, ip): PII in the URL. */
  piiInPath?: boolean;
  /** A credential was sent in the URL (query API key, access token, `;jsessionid`). */
  credentialInUrl?: boolean;
  /**
   * Reduced from an OpenTelemetry server span: method, path, status, host and body sizes are known; credentials,
   * headers, query and bodies are not (`credentials`, `auth` and the header lists say nothing then).
   */
  span?: true;
  /** Body sizes in bytes a span reported (`http.request.body.size`, `http.response.body.size`). */
  sizes?: { request?: number; response?: number };
}
