import type { AuthState } from './auth.js';
import type { Evidence, ViewSource } from './evidence.js';
import type { HttpMethod } from './operation.js';

/** One PII/PHI field of an operation, as the inventory lists it. */
export interface InventoryPiiField {
  /** `response.200.ssn`, `request.patient.email`, `query.email`, `path.ssn`. */
  field: string;
  category: string;
  /** HIPAA Safe Harbor letter A–R. */
  hipaa?: string;
  phi: boolean;
  confidence: number;
  /** Whether the doc has this field (and marks it with `x-pii`). */
  documented?: boolean;
}

/** Whether each view shows the operation guarded (absent: the view does not know the operation or cannot tell). */
export interface InventoryAuth {
  /** From the docs' effective `security`. */
  documented?: AuthState;
  /** From the code's guards, middleware and matchers. */
  implemented?: AuthState;
  /** From traffic: `none` when a request without credentials got a 2xx, `required` when every one was refused. */
  observed?: AuthState;
}

/** One operation across the three views (the `inventory --format json` contract). */
export interface InventoryOperation {
  method: HttpMethod;
  /** Full path template, base path applied, `{name}` parameters. */
  path: string;
  sources: ViewSource[];
  evidence: Evidence[];
  /** Security scheme names that protect it; empty when none is documented or it was seen answering without credentials. */
  security: string[];
  pii: InventoryPiiField[];
  /** Auth per view. */
  auth?: InventoryAuth;
  /** Observed answering 2xx without credentials (counts only). */
  observedWithoutAuth?: number;
  summary?: string;
  /** `in:name` of each parameter the views know (`query:limit`, `path:id`). */
  parameters?: string[];
  /** Response statuses the views know. */
  statuses?: string[];
}

/** The API inventory of one checkout. */
export interface Inventory {
  operations: InventoryOperation[];
}
