import {
  type ApiSurface,
  type DocFix,
  type Evidence,
  type Finding,
  HTTP_METHODS,
  isProxyHeader,
  type ObservedEvidence,
  type Operation,
  type OperationAuth,
  operationKey,
  operationLabel,
  resolveSchema,
  type Severity,
  type SourceLocation,
} from '../model/index.js';
import { fingerprintOf, RULES } from '../rules/index.js';
import { type ClassifierOptions, DEFAULT_CLASSIFIER_OPTIONS } from './classifier-options.js';
import { type ClassifiedPiiField, classifyOperationFields, toPiiFields } from './classify-surface.js';

/** Rule ids of the PII family. */
export type PiiRule = 'undocumented-pii' | 'pii-without-auth' | 'pii-in-url' | 'secret-in-response';

/** Options shared by the PII finding builders. */
export interface PiiFindingOptions {
  classifier?: ClassifierOptions;
  /** Severity per rule, overriding the catalogue's default. */
  severities?: Partial<Record<PiiRule, Severity>>;
  /**
   * Where fields the doc lists without `x-pii` go instead of becoming `undocumented-pii` findings (an inventory
   * matter, not drift). Without it they are findings like the others.
   */
  listedWithoutMark?: { operation: string; field: string }[];
  /**
   * True for operation identities (`operationKey`) another spec of the same checkout documents: their fields are
   * judged against that spec, not reported as on an undocumented operation here (as `undocumented-operation` does).
   */
  documentedElsewhere?: (key: string) => boolean;
}

/** Unauthenticated 2xx answers seen for an operation: a count, or the count with first and last dates. */
export type UnauthenticatedObservation = number | { count: number; firstSeen: string; lastSeen: string };

function severityOf(rule: PiiRule, options: PiiFindingOptions): Severity {
  return options.severities?.[rule] ?? RULES[rule].severity;
}

/** Where a view saw an operation; falls back to its primary location when the view recorded no evidence list. */
function evidenceOf(surface: ApiSurface, operation: Operation): Evidence[] {
  if (operation.evidence.length > 0) return operation.evidence;
  const loc = operation.location;
  if (loc === undefined) return [];
  if (surface.source === 'documented')
    return [{ source: 'documented', file: loc.file, line: loc.line, pointer: loc.pointer }];
  if (surface.source === 'implemented')
    return [{ source: 'implemented', file: loc.file, line: loc.line, framework: 'unknown' }];
  return [];
}

function indexOperations(surface: ApiSurface): Map<string, Operation> {
  const map = new Map<string, Operation>();
  for (const op of surface.operations) map.set(operationKey(op.method, op.path, surface.basePath), op);
  return map;
}

/** `response.200.a.b` → candidate doc paths for the same field: exact status, then `2XX`, then `default`. */
function documentedAlternatives(field: ClassifiedPiiField): string[] {
  if (field.location !== 'response' || field.status === undefined) return [field.field];
  const rest = field.field.slice(`response.${field.status}.`.length);
  const range = `${field.status[0]}XX`;
  return [field.field, `response.${range}.${rest}`, `response.default.${rest}`];
}

/**
 * A field under a wrapper the docs do not show, read without it: `response.201.data.user.email` → `response.201.data.email`
 * where the code's `data` holds `user` alone and the docs list no `data.user`. The docs then list the field one level
 * up (the body is the same, wrapped); the wrapper itself is the drift comparison's `undocumented-response-field`. A
 * wrapper beside other fields (`data.owner.email` next to `data.email`) is another object, and is not read this way.
 */
function unwrappedAlternatives(field: string, otherPaths: readonly string[], docPaths: ReadonlySet<string>): string[] {
  const parts = field.split('.');
  const first = parts[0] === 'response' ? 2 : parts[0] === 'request' ? 1 : parts.length;
  const out: string[] = [];
  for (let j = first; j < parts.length - 1; j++) {
    const step = parts[j] as string;
    if (step.endsWith('[]')) continue;
    const wrapper = parts.slice(0, j + 1).join('.');
    if (docPaths.has(wrapper)) continue;
    const parent = `${parts.slice(0, j).join('.')}.`;
    const alone = otherPaths.every((p) => !p.startsWith(parent) || p === wrapper || p.startsWith(`${wrapper}.`));
    if (alone) out.push([...parts.slice(0, j), ...parts.slice(j + 1)].join('.'));
  }
  return out;
}

/**
 * Whether the documented body gives the place of a field path (`response.200.[].user.email`) no shape to judge it
 * by: a free-form `{}` schema on the way (a model docs in code name without defining), or a node of another kind than
 * the path needs (the docs' item is an array where the code's is an object: that is a `field-type-mismatch`, and the
 * fields below it are not judged again as undocumented).
 */
function shapeNotComparable(surface: Pick<ApiSurface, 'schemas'>, op: Operation, path: string): boolean {
  const parts = path.split('.');
  const [where, status] = parts;
  const rest = where === 'response' ? parts.slice(2) : where === 'request' ? parts.slice(1) : undefined;
  if (rest === undefined) return false;
  const contents =
    where === 'request'
      ? Object.values(op.requestBody?.content ?? {})
      : Object.values(op.responses.find((r) => r.status === status)?.content ?? {});
  const steps = rest.flatMap((segment) => {
    const name = segment.replace(/(\[\])+$/, '');
    const arrays = (segment.length - name.length) / 2;
    return [...(name === '' ? [] : [name]), ...Array.from({ length: arrays }, () => '[]')];
  });
  return contents.some((media) => {
    let node = media.schema;
    for (const step of steps) {
      if (node === undefined) return false;
      const r = resolveSchema(surface, node);
      if (Object.keys(r).every((k) => k === 'location' || k === 'description' || k === 'title')) return true;
      if (r.allOf !== undefined || r.anyOf !== undefined || r.oneOf !== undefined) return false;
      const types = r.type ?? [];
      if (step === '[]') {
        if (types.length > 0 && !types.includes('array')) return true;
        node = r.items;
      } else {
        if (types.length > 0 && !types.includes('object')) return true;
        node = r.properties?.[step];
      }
    }
    return false;
  });
}

function describe(field: Pick<ClassifiedPiiField, 'category' | 'hipaa' | 'phi'>): string {
  const letter = field.hipaa ? `, HIPAA ${field.hipaa}` : '';
  return `${field.phi ? 'PHI' : 'PII'} (${field.category}${letter})`;
}

/**
 * `undocumented-pii`: a PII field the other view (code or traffic) has that the doc does not list, or lists without
 * `x-pii`. Fields of operations the doc lacks entirely are included: a shadow endpoint exposing PII is the worst case
 * of undocumented exposure (OWASP API3:2023).
 */
export function findUndocumentedPii(
  documented: ApiSurface,
  other: ApiSurface,
  options: PiiFindingOptions = {},
): Finding[] {
  const classifier = options.classifier ?? DEFAULT_CLASSIFIER_OPTIONS;
  const docOps = indexOperations(documented);
  const findings: Finding[] = [];
  for (const op of other.operations) {
    const key = operationKey(op.method, op.path, other.basePath);
    const docOp = docOps.get(key);
    if (docOp === undefined && options.documentedElsewhere?.(key)) continue;
    const label = docOp ? operationLabel(docOp, documented.basePath) : operationLabel(op, other.basePath);
    // A header a proxy writes (`X-Forwarded-For`) is not the client's data: the drift comparison names it instead.
    const classified = classifyOperationFields(other, op, classifier);
    const otherPaths = classified.map((f) => f.field);
    const otherFields = toPiiFields(other, classified).filter(
      (f) => f.classification.pii && !(f.location === 'header' && isProxyHeader(f.field.replace(/^header\./, ''))),
    );
    if (otherFields.length === 0) continue;
    const docFields = new Map<string, { tagged: boolean; location?: SourceLocation }>();
    if (docOp) {
      for (const f of classifyOperationFields(documented, docOp, classifier)) {
        docFields.set(f.field, {
          tagged: (f.schema.pii ?? documented.schemas[f.schema.$ref ?? '']?.pii) !== undefined,
          location: f.schema.location,
        });
      }
    }
    const docPaths = new Set(docFields.keys());
    const otherEvidence = evidenceOf(other, op);
    const docEvidence = docOp ? evidenceOf(documented, docOp) : [];
    for (const field of otherFields) {
      // A documented body of unknown shape (`{}`: a model the docs name but do not define) lists nothing either way.
      if (docOp && documentedAlternatives(field).some((p) => shapeNotComparable(documented, docOp, p))) continue;
      const doc = [...documentedAlternatives(field), ...unwrappedAlternatives(field.field, otherPaths, docPaths)]
        .map((p) => docFields.get(p))
        .find((d) => d !== undefined);
      if (doc?.tagged) continue;
      const evidence = [...docEvidence, ...otherEvidence];
      if (otherEvidence.length === 0) continue;
      if (doc !== undefined && options.listedWithoutMark) {
        options.listedWithoutMark.push({ operation: label, field: field.field });
        continue;
      }
      const what = describe(field);
      const message = !docOp
        ? `\`${field.field}\` carries ${what} on an operation the documentation does not describe.`
        : doc === undefined
          ? `\`${field.field}\` carries ${what} but the documentation does not list the field.`
          : `\`${field.field}\` carries ${what} but the documentation lists it without \`x-pii\`.`;
      findings.push({
        rule: 'undocumented-pii',
        severity: severityOf('undocumented-pii', options),
        class: null,
        operation: label,
        location: doc?.location ?? docOp?.location ?? op.location,
        message,
        evidence,
        confidence: other.source === 'implemented' ? (field.schema.confidence ?? 'certain') : 'certain',
        subject: field.field,
        ...withFix(docOp ? markPii(documented, docOp, field) : undefined),
        fingerprint: fingerprintOf('undocumented-pii', key, field.field),
      });
    }
  }
  return findings;
}

function withFix(fix: DocFix | undefined): { fix?: DocFix } {
  return fix === undefined ? {} : { fix };
}

/**
 * The `x-pii` mark of a PII field on a documented operation: `response.200.data[].ssn` → the field `data[].ssn` of
 * the 200 response. A field the doc does not list yet is added by its own `undocumented-*-field` fix first.
 */
function markPii(documented: ApiSurface, docOp: Operation, field: ClassifiedPiiField): DocFix | undefined {
  if (!HTTP_METHODS.includes(docOp.method)) return undefined;
  const target = { spec: documented.entry ?? '', method: docOp.method, path: docOp.path };
  const pii = { category: field.category, ...(field.hipaa ? { hipaa: field.hipaa } : {}) };
  const [where, ...rest] = field.field.split('.');
  if (where === 'response' && rest.length >= 2)
    return {
      kind: 'mark-pii',
      ...target,
      in: 'response',
      status: rest[0] as string,
      field: rest.slice(1).join('.'),
      pii,
    };
  if (where === 'request' && rest.length >= 1)
    return { kind: 'mark-pii', ...target, in: 'request', field: rest.join('.'), pii };
  if (where !== undefined && PARAMETER_LOCATIONS.has(where) && rest.length >= 1)
    return { kind: 'mark-pii', ...target, in: 'parameter', field: rest.join('.'), pii };
  return undefined;
}

const PARAMETER_LOCATIONS = new Set(['query', 'path', 'header', 'cookie']);

function hasNoSecurity(operation: Operation): boolean {
  const security = operation.security;
  return security === undefined || security.length === 0 || security.some((alt) => Object.keys(alt).length === 0);
}

function responsePii(surface: ApiSurface, op: Operation, classifier: ClassifierOptions): ClassifiedPiiField[] {
  return toPiiFields(surface, classifyOperationFields(surface, op, classifier)).filter(
    (f) => f.location === 'response' && (f.status === undefined || /^(?:2|default)/i.test(f.status)),
  );
}

function summarizeCategories(fields: readonly ClassifiedPiiField[]): string {
  const shown = fields.slice(0, 5).map((f) => `\`${f.field}\` (${f.category}${f.hipaa ? ` ${f.hipaa}` : ''})`);
  return shown.join(', ') + (fields.length > 5 ? ` and ${fields.length - 5} more` : '');
}

/** Observed evidence of unauthenticated answers: the map's dates when given, else the observed operation's. */
function unauthenticatedEvidence(
  observation: UnauthenticatedObservation,
  observedOp: Operation | undefined,
): ObservedEvidence | undefined {
  if (typeof observation === 'object') return { source: 'observed', ...observation };
  const seen = observedOp?.evidence.find((e): e is ObservedEvidence => e.source === 'observed');
  return seen
    ? { source: 'observed', count: observation, firstSeen: seen.firstSeen, lastSeen: seen.lastSeen }
    : undefined;
}

function answeredOpenly(count: number): string {
  return `traffic saw it answer ${count} time${count === 1 ? '' : 's'} with 2xx without credentials`;
}

/** The implemented view's auth, lined up with the documented operations (by documented operation key). */
export interface CodeAuthView {
  surface: ApiSurface;
  /** Documented operation key → the matching code operation's auth. */
  byDocKey: ReadonlyMap<string, OperationAuth>;
  /** Documented operation key → the matching code operation. */
  operations: ReadonlyMap<string, Operation>;
  /** Code operations no documented operation matches. */
  undocumented: readonly Operation[];
}

/** One `pii-without-auth` finding, whichever view found the operation; `reason` ends its message. */
function piiWithoutAuthFinding(
  op: Operation,
  label: string,
  key: string,
  fields: readonly ClassifiedPiiField[],
  reason: string,
  evidence: Evidence[],
  options: PiiFindingOptions,
): Finding {
  return {
    rule: 'pii-without-auth',
    severity: severityOf('pii-without-auth', options),
    class: null,
    operation: label,
    location: op.location,
    message: `${label} returns ${fields.some((f) => f.phi) ? 'PHI' : 'PII'} — ${summarizeCategories(fields)} — ${reason}.`,
    evidence,
    fingerprint: fingerprintOf('pii-without-auth', key, ''),
  };
}

/**
 * `pii-without-auth`: an operation answering with PII while the doc names no security requirement (or an empty,
 * anonymous alternative), or that traffic saw answering 2xx without credentials.
 *
 * `unauthenticated2xx` maps operation keys (`operationKey()`: `GET /patients/{}`) to the count of unauthenticated 2xx
 * answers the observed view recorded.
 */
export function findPiiWithoutAuth(
  documented: ApiSurface,
  observed: {
    surface?: ApiSurface;
    unauthenticated2xx?: Readonly<Record<string, UnauthenticatedObservation>>;
    code?: CodeAuthView;
  } = {},
  options: PiiFindingOptions = {},
): Finding[] {
  const classifier = options.classifier ?? DEFAULT_CLASSIFIER_OPTIONS;
  const observedOps = observed.surface ? indexOperations(observed.surface) : new Map<string, Operation>();
  const findings: Finding[] = [];
  const done = new Set<string>();
  for (const op of documented.operations) {
    const key = operationKey(op.method, op.path, documented.basePath);
    const observedOp = observedOps.get(key);
    const unauth = observed.unauthenticated2xx?.[key] ?? observedOp?.observed?.successWithoutCredentials;
    const count = typeof unauth === 'object' ? unauth.count : (unauth ?? 0);
    const docSaysOpen = hasNoSecurity(op);
    const code = observed.code?.byDocKey.get(key);
    // Without traffic, the docs' silence alone is judged only where the code confirms it: guards the docs forgot
    // are `auth-undocumented`, not exposure.
    const codeSaysOpen = code !== undefined && (code.state === 'none' || code.state === 'optional');
    if (count <= 0 && (!docSaysOpen || code?.state === 'required')) continue;
    if (count <= 0 && observed.code && !observed.surface && !codeSaysOpen) continue;
    let fields = responsePii(documented, op, classifier);
    if (fields.length === 0 && observedOp && observed.surface)
      fields = responsePii(observed.surface, observedOp, classifier);
    if (fields.length === 0) continue;
    const evidence: Evidence[] = [...evidenceOf(documented, op)];
    const seen = unauth !== undefined && count > 0 ? unauthenticatedEvidence(unauth, observedOp) : undefined;
    if (seen) evidence.push(seen);
    if (evidence.length === 0) continue;
    const label = operationLabel(op, documented.basePath);
    const why = !docSaysOpen
      ? answeredOpenly(count)
      : codeSaysOpen
        ? `the documentation names no security requirement for it and the code serves it with ${code?.state === 'optional' ? 'optional' : 'no'} authentication`
        : 'the documentation names no security requirement for it';
    if (codeSaysOpen && observed.code)
      evidence.push(...evidenceOf(observed.code.surface, observed.code.operations.get(key)!));
    done.add(key);
    findings.push(piiWithoutAuthFinding(op, label, key, fields, `but ${why}`, evidence, options));
  }
  // Operations only the code knows, served with no guard at all.
  for (const op of observed.code?.undocumented ?? []) {
    const surface = observed.code!.surface;
    const key = operationKey(op.method, op.path, surface.basePath);
    if (done.has(key) || op.auth?.state !== 'none') continue;
    const fields = responsePii(surface, op, classifier);
    const evidence = evidenceOf(surface, op);
    if (fields.length === 0 || evidence.length === 0) continue;
    done.add(key);
    const label = operationLabel(op, surface.basePath);
    findings.push(
      piiWithoutAuthFinding(
        op,
        label,
        key,
        fields,
        'but it is not documented and the code serves it with no authentication',
        evidence,
        options,
      ),
    );
  }
  // Operations only traffic knows, seen answering without credentials.
  if (observed.surface) {
    for (const op of observed.surface.operations) {
      const key = operationKey(op.method, op.path, observed.surface.basePath);
      const unauth = observed.unauthenticated2xx?.[key] ?? op.observed?.successWithoutCredentials;
      if (done.has(key) || unauth === undefined || (typeof unauth === 'object' ? unauth.count : unauth) <= 0) continue;
      const fields = responsePii(observed.surface, op, classifier);
      const seen = unauthenticatedEvidence(unauth, op);
      if (fields.length === 0 || seen === undefined) continue;
      const label = operationLabel(op, observed.surface.basePath);
      findings.push(
        piiWithoutAuthFinding(op, label, key, fields, `and ${answeredOpenly(seen.count)}`, [seen], options),
      );
    }
  }
  return findings;
}

/**
 * `pii-in-url`: a path or query parameter that carries PII. URLs end up in access logs, browser history, proxies and
 * referrers, so the value leaks wherever the URL goes.
 */
export function findPiiInUrl(surface: ApiSurface, options: PiiFindingOptions = {}): Finding[] {
  const classifier = options.classifier ?? DEFAULT_CLASSIFIER_OPTIONS;
  const findings: Finding[] = [];
  for (const op of surface.operations) {
    const fields = classifyOperationFields(surface, op, classifier).filter(
      (f) => (f.location === 'path' || f.location === 'query') && f.classification.pii,
    );
    if (fields.length === 0) continue;
    const evidence = evidenceOf(surface, op);
    if (evidence.length === 0) continue;
    const key = operationKey(op.method, op.path, surface.basePath);
    const label = operationLabel(op, surface.basePath);
    for (const field of fields) {
      const c = field.classification;
      const parameter = op.parameters.find((p) => p.in === field.location && p.name === field.name);
      findings.push({
        rule: 'pii-in-url',
        severity: severityOf('pii-in-url', options),
        class: null,
        operation: label,
        location: parameter?.location ?? op.location,
        message: `The ${field.location} parameter \`${field.name}\` carries ${describe({ category: c.category as string, hipaa: c.hipaa ?? undefined, phi: c.phi })}; URLs are logged by servers, proxies and browsers. Send it in the request body or a header instead.`,
        evidence,
        fingerprint: fingerprintOf('pii-in-url', key, field.field),
      });
    }
  }
  return findings;
}

/**
 * `secret-in-response`: a response field of the code view (types, ORM entities and the relations they join) or of
 * traffic (value shapes: argon2/bcrypt/scrypt hashes, JWTs, key formats) that carries a credential, documented or not.
 * Token-issuing operations (`/oauth/token`, `/login`, `/sessions`) answer with the caller's own tokens by design; only
 * password hashes, private keys and MFA secrets are reported there.
 */
export function findSecretsInResponses(surface: ApiSurface, options: PiiFindingOptions = {}): Finding[] {
  const classifier = options.classifier ?? DEFAULT_CLASSIFIER_OPTIONS;
  const findings: Finding[] = [];
  for (const op of surface.operations) {
    const key = operationKey(op.method, op.path, surface.basePath);
    const label = operationLabel(op, surface.basePath);
    const issuesTokens = TOKEN_ISSUING.test(op.path);
    const seen = new Set<string>();
    for (const field of classifyOperationFields(surface, op, classifier)) {
      const secret = field.classification.secret;
      if (secret === undefined || field.location !== 'response') continue;
      if (field.status !== undefined && !/^(?:2|default)/i.test(field.status)) continue;
      if (issuesTokens && !ALWAYS_SECRET.has(secret)) continue;
      if (seen.has(field.field)) continue;
      seen.add(field.field);
      const evidence = evidenceOf(surface, op);
      const from = surface.source === 'observed' ? 'traffic' : 'the code';
      findings.push({
        rule: 'secret-in-response',
        severity: severityOf('secret-in-response', options),
        class: null,
        operation: label,
        location: field.schema.location ?? op.location,
        message: `${label} returns \`${field.field}\`, a ${secret.replace(/-/g, ' ')} (seen in ${from}); credentials must never leave in a response.`,
        evidence,
        fingerprint: fingerprintOf('secret-in-response', key, field.field),
      });
    }
  }
  return findings;
}

const TOKEN_ISSUING =
  /(?:^|\/)(?:oauth2?|token|tokens|login|signin|sign-in|sessions?|auth|authenticate|refresh)(?:\/|$)/i;
const ALWAYS_SECRET = new Set(['password', 'password-hash', 'private-key', 'mfa-secret', 'client-secret']);
