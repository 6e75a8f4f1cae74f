/**
 * What the observed view counted for one value (a body field, a query/path/header parameter): counts only, never a
 * value. Carried on {@link Schema.observed} so the PII classifier and drift rules can use the evidence.
 */
export interface ObservedValueStats {
  /** Times the field was present (null included). */
  samples: number;
  /** Times its parent object was seen; `samples / parentSamples` is the presence ratio. Absent at a root. */
  parentSamples?: number;
  nulls: number;
  /** Estimated distinct non-null values (keyed sketch). */
  distinct?: number;
  /** Values per validator that passed: `email`, `phone`, `ssn`, `card`, `npi`, `ip`, `mbi`, `jwt`. */
  hits: Record<string, number>;
  /** Non-null string values seen. */
  strings?: number;
  /** String values per matching format (`date-time`, `uuid`, …). */
  formats?: Record<string, number>;
  minLength?: number;
  maxLength?: number;
  /** Size limits cut some values short. */
  truncated?: boolean;
}

/** What the observed view counted for one operation. */
export interface ObservedOperationStats {
  count: number;
  /** Status code → exchanges. */
  statuses: Record<string, number>;
  withCredentials: number;
  withoutCredentials: number;
  /** 2xx answers to requests that carried no credentials. */
  successWithoutCredentials: number;
  /** Security scheme name (as in the surface's `securitySchemes`) → exchanges that used it. */
  schemes: Record<string, number>;
  /** Exchanges with personal data in the URL path (email, phone, SSN, IP segments). */
  piiInPath?: number;
  /** Exchanges that sent a credential in the URL. */
  credentialInUrl?: number;
  /**
   * Of `count`, exchanges known only from OpenTelemetry server spans: they tell the operation and its statuses, not
   * whether credentials were sent nor what the bodies held (auth and field drift are judged from the rest).
   */
  spans?: number;
  /** Largest request / response body sizes spans reported, in bytes. */
  maxBodyBytes?: { request?: number; response?: number };
  /** Origins (`https://api.example.com`) → exchanges. */
  origins?: Record<string, number>;
}
