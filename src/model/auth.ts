import type { SourceLocation } from './evidence.js';

/**
 * Whether a caller must authenticate to reach an operation, as one view tells it:
 * - `required`: a request without credentials is rejected before the handler's work (401/403);
 * - `optional`: credentials are read when present, but a request without them is served;
 * - `none`: nothing on the way to the handler looks at credentials;
 * - `unknown`: something is on the way that could not be followed; `reason` says what.
 */
export type AuthState = 'required' | 'optional' | 'none' | 'unknown';

/** Where a document declares the gateway that enforces a security scheme. */
export interface GatewayDeclaration {
  /** The gateway, as users know it (`Google Cloud Endpoints / API Gateway`, `AWS API Gateway`, `Tyk`). */
  name: string;
  /** The vendor extension that says so, as written (`x-google-issuer`). */
  marker: string;
  /** The line of that extension. */
  location: SourceLocation;
}

/** What made a view decide an operation's auth: a guard, a dependency, a matcher, an early return. */
export interface AuthEvidence {
  file: string;
  /** 1-based line. */
  line: number;
  /** What was recognised, as written (`requireAuth`, `@UseGuards(JwtAuthGuard)`, `Depends(get_current_user)`). */
  what: string;
}

/** The auth of one operation in the implemented view (the documented view keeps `security`). */
export interface OperationAuth {
  state: AuthState;
  /** Scheme kinds when the code tells them (`bearer`, `jwt`, `session`, `apiKey`, `basic`, `oauth2`). */
  schemes?: string[];
  /** OAuth scopes the code demands. */
  scopes?: string[];
  /** Roles or authorities the code demands (`admin`, `ROLE_ADMIN`). */
  roles?: string[];
  /** Each guard met on the way to the handler, in the order the framework applies them. */
  evidence: AuthEvidence[];
  /** Why the state is `unknown`, or why a recognised guard was read as optional. */
  reason?: string;
  /**
   * Where the handler reads the signed-in caller (`req.user`, `@AuthenticationPrincipal`): an object-level check
   * starts there. `null`: the handler was read and never looks at the caller; absent: not looked for.
   */
  principal?: AuthEvidence | null;
}

/** Auth as the documented view states it: `required` when every alternative names a scheme, `optional` when an
 * empty alternative (`{}`) sits beside schemes, `none` for an explicit empty list, undefined when not stated. */
export function documentedAuthState(security: readonly Record<string, string[]>[] | undefined): AuthState | undefined {
  if (security === undefined) return undefined;
  if (security.length === 0) return 'none';
  const anonymous = security.some((alt) => Object.keys(alt).length === 0);
  const named = security.some((alt) => Object.keys(alt).length > 0);
  if (!named) return 'none';
  return anonymous ? 'optional' : 'required';
}

/** How well each state guards an operation, weakest first. */
const PROTECTION: Record<AuthState, number> = { none: 0, optional: 1, unknown: 2, required: 3 };

/** The less protected of two states: a caller gets in through the weaker path. */
export function weakerAuthState(a: AuthState, b: AuthState): AuthState {
  return PROTECTION[b] < PROTECTION[a] ? b : a;
}

/** The less protected of two auths of one operation (several mounts or declarations). */
export function weakerAuth(a: OperationAuth, b: OperationAuth): OperationAuth {
  return PROTECTION[b.state] < PROTECTION[a.state] ? b : a;
}
