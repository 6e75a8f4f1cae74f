import {
  type ApiSurface,
  type DocFix,
  documentedAuthState,
  type Evidence,
  type Finding,
  type GatewayDeclaration,
  isProxyHeader,
  joinPaths,
  type MediaContent,
  type MountGuess,
  mountOf,
  type ObservedEvidence,
  type Operation,
  operationKey,
  operationLabel,
  type Parameter,
  resolveSchema,
  type Schema,
  type SecurityScheme,
  type Severity,
  type SourceLocation,
} from '../model/index.js';
import { fingerprintOf, RULES, type RuleId } from '../rules/index.js';
import { collectSchemas, docRelativePath, operationSchemas } from './doc-fix.js';
import { evidenceAt, evidenceOf, mergeEvidence } from './evidence.js';
import { type MatchedPair, matchOperations, matchStatus, type OperationMatching } from './match-operations.js';
import { type Direction, type SchemaChange, SchemaDiffer } from './schema-diff.js';

/** Options of {@link compareDrift}. */
export interface DriftOptions {
  /**
   * True for operation identities (`operationKey`) another spec of the same checkout documents: they are not
   * `undocumented-operation` here.
   */
  documentedElsewhere?: (key: string) => boolean;
  /** What the fix of an `unimplemented-operation` proposes (config `docsPr.unimplemented`). Default `deprecate`. */
  unimplemented?: 'deprecate' | 'remove' | 'ignore';
  /** Problems worth telling the user (e.g. no operation lines up at all) are pushed here. */
  diagnostics?: { level: 'error' | 'warning' | 'info'; code: string; message: string }[];
  /**
   * Whether security an API gateway enforces, as the document itself configures it (`x-google-issuer`,
   * `x-amazon-apigateway-authorizer`, …), excuses code that checks no credential (config `auth.trustGateway`).
   * Default true.
   */
  trustGateway?: boolean;
}

/**
 * Request headers every client sends or every server reads; documenting them is not expected (OpenAPI itself ignores
 * `Accept`, `Content-Type` and `Authorization` header parameters). Each run names the ones it skipped.
 */
const STANDARD_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'authorization',
  'cache-control',
  'connection',
  'content-length',
  'content-type',
  'cookie',
  'host',
  'origin',
  'pragma',
  'referer',
  'user-agent',
  'x-request-id',
  'if-none-match',
  'if-modified-since',
]);

function finding(
  rule: RuleId,
  key: string,
  subject: string,
  fields: Omit<Finding, 'rule' | 'severity' | 'class' | 'fingerprint'> & { severity?: Severity },
): Finding {
  const info = RULES[rule];
  const out: Finding = {
    rule,
    severity: info.severity as Severity,
    class: null,
    ...fields,
    ...(subject !== '' && key !== '*' ? { subject } : {}),
    fingerprint: fingerprintOf(rule, key, subject),
  };
  if (out.location === undefined) delete out.location;
  if (out.fix === undefined) delete out.fix;
  return out;
}

function isSecured(op: Operation): boolean {
  const s = op.security;
  return s !== undefined && s.length > 0 && s.every((alt) => Object.keys(alt).length > 0);
}

function normalizeMedia(media: string): string {
  return media.split(';')[0]?.trim().toLowerCase() ?? media;
}

const isJsonLike = (m: string): boolean => m === 'application/json' || m.endsWith('+json') || m === '*/*';

/** The doc media type and schema that answer for the other view's media type: same type, else JSON-ish ones. */
function pickContent(
  doc: Record<string, MediaContent>,
  other: Record<string, MediaContent>,
): { docMedia: string; otherMedia: string; docSchema: Schema; otherSchema: Schema } | undefined {
  const docEntries = Object.entries(doc).filter(([, c]) => c.schema !== undefined);
  const otherEntries = Object.entries(other).filter(([, c]) => c.schema !== undefined);
  for (const [om, oc] of otherEntries) {
    const same = docEntries.find(([dm]) => normalizeMedia(dm) === normalizeMedia(om));
    const json = isJsonLike(normalizeMedia(om)) ? docEntries.find(([dm]) => isJsonLike(normalizeMedia(dm))) : undefined;
    const hit = same ?? json;
    if (hit)
      return { docMedia: hit[0], otherMedia: om, docSchema: hit[1].schema as Schema, otherSchema: oc.schema as Schema };
  }
  return undefined;
}

function schemaFor(changeNode: Schema | undefined, fallback: Schema): Schema {
  return changeNode ?? fallback;
}

/** Observed evidence of the whole capture window, for things traffic did not show. */
function captureWindow(observed: ApiSurface): ObservedEvidence | undefined {
  let first: string | undefined;
  let last: string | undefined;
  for (const op of observed.operations) {
    for (const e of op.evidence) {
      if (e.source !== 'observed') continue;
      if (first === undefined || e.firstSeen < first) first = e.firstSeen;
      if (last === undefined || e.lastSeen > last) last = e.lastSeen;
    }
  }
  return first !== undefined && last !== undefined
    ? { source: 'observed', count: 0, firstSeen: first, lastSeen: last }
    : undefined;
}

class DriftComparison {
  readonly findings: Finding[] = [];
  /** Proxy-written headers the other view reads, named once in a diagnostic rather than compared. */
  private readonly proxyHeaders = new Set<string>();
  /** Standard headers the other view reads, named once in a diagnostic rather than compared. */
  private readonly standardHeaders = new Set<string>();
  private readonly differ: SchemaDiffer;
  private readonly viewName: string;

  constructor(
    private readonly documented: ApiSurface,
    private readonly other: ApiSurface,
    private readonly options: DriftOptions,
    private readonly matching: OperationMatching,
  ) {
    this.differ = new SchemaDiffer(documented, other);
    this.viewName = other.source === 'observed' ? 'traffic' : 'the code';
  }

  /**
   * How a message names the documentation of an operation: docs written in code say which (beside a committed spec
   * that lists what they leave out, "the documentation does not list" would read as wrong).
   */
  private docsOf(doc: Operation): string {
    const how = doc.extensions?.['x-documented-in-code'];
    return typeof how === 'string' ? `the ${how} documentation in code` : 'the documentation';
  }

  private target(method: Operation['method'], fullPath: string) {
    return {
      spec: this.documented.entry ?? this.documented.files[0] ?? '',
      method,
      path: docRelativePath(fullPath, this.documented.basePath),
    };
  }

  run(): Finding[] {
    const matching = this.matching;
    // Reports name every operation by the docs' path.
    const docFull = (op: Operation) => joinPaths(this.documented.basePath, op.path);
    if (matching.guess)
      this.options.diagnostics?.push(mountGuessDiagnostic(this.documented, this.other, matching.guess));
    for (const op of matching.otherOnly) this.undocumentedOperation(op);
    if (this.other.source === 'implemented') {
      if (matching.pairs.length === 0 && this.documented.operations.length > 0 && this.other.operations.length > 0) {
        this.options.diagnostics?.push({
          level: 'warning',
          code: 'no-operation-matched',
          message: `${this.documented.entry ?? 'the spec'}: none of its ${this.documented.operations.length} operations lines up with the ${this.other.operations.length} routes of the code; check code.basePath in .github/specwatch.yml`,
        });
      } else if (this.other.operations.length > 0 && this.options.unimplemented !== 'ignore') {
        for (const op of matching.docOnly) this.unimplementedOperation(op, docFull(op));
      }
    } else if (this.other.source === 'observed' && this.other.operations.length > 0) {
      const window = captureWindow(this.other);
      for (const op of matching.docOnly) this.unobservedOperation(op, window);
    }
    for (const pair of matching.pairs) this.comparePair(pair, docFull(pair.doc));
    if (this.other.source === 'observed') this.undocumentedAuthSchemes();
    const reader = this.other.source === 'observed' ? 'traffic carries' : 'code reads';
    this.pushHeadersDiagnostic(
      'proxy-headers-not-compared',
      this.proxyHeaders,
      `the ${reader} {are} written by a proxy, not by the API's client (RFC 7239 Forwarded, X-Forwarded-*, X-Real-IP): an API document does not list them, so they are not compared and not reported as PII`,
    );
    this.pushHeadersDiagnostic(
      'standard-headers-not-compared',
      this.standardHeaders,
      `the ${reader} {are} standard HTTP headers (Accept, Authorization, Content-Type, Cookie, User-Agent and the like) that an API document is not expected to list, so they are not compared`,
    );
    return this.findings;
  }

  /** One info diagnostic naming the headers of one kind that were read but not compared (`GET /x reads Y`). */
  private pushHeadersDiagnostic(code: string, reads: ReadonlySet<string>, why: string): void {
    if (reads.size === 0) return;
    const list = [...reads];
    const n = list.length;
    this.options.diagnostics?.push({
      level: 'info',
      code,
      message: `${n} request header${n === 1 ? '' : 's'} ${why.replace('{are}', n === 1 ? 'is' : 'are')} (${list.slice(0, 5).join('; ')}${n > 5 ? `; and ${n - 5} more` : ''})`,
    });
  }

  /**
   * Whether a header the other view reads is left out of the comparison (a standard or a proxy-written one), noted
   * for the run's diagnostics under the operation's label.
   */
  private skipsHeader(label: string, p: Parameter): boolean {
    if (p.in !== 'header') return false;
    if (STANDARD_HEADERS.has(p.name.toLowerCase())) this.standardHeaders.add(`${label} reads ${p.name}`);
    else if (isProxyHeader(p.name)) this.proxyHeaders.add(`${label} reads ${p.name}`);
    else return false;
    return true;
  }

  private undocumentedOperation(op: Operation): void {
    const key = operationKey(op.method, op.path, this.other.basePath);
    if (this.options.documentedElsewhere?.(key)) return;
    const evidence = evidenceOf(this.other, op);
    if (evidence.length === 0) return;
    const label = operationLabel(op, this.other.basePath);
    const fullPath = joinPaths(this.other.basePath, op.path);
    const where =
      this.other.source === 'observed'
        ? observedSummary(evidence)
        : `declared at ${op.location?.file}:${op.location?.line}`;
    // The operation the fix adds lists what a client sends: not the standard and proxy headers the code reads.
    const parameters = op.parameters.filter((p) => !this.skipsHeader(label, p));
    const fix: DocFix = {
      kind: 'add-operation',
      ...this.target(op.method, fullPath),
      operation: { ...op, parameters, path: docRelativePath(fullPath, this.documented.basePath) },
      schemas: collectSchemas(this.other, operationSchemas(op)),
    };
    const found = finding('undocumented-operation', key, '', {
      operation: label,
      location: op.location,
      message: `${label} is served (${where}) but ${this.documented.entry ?? 'the documentation'} does not describe it.`,
      evidence,
      fix,
    });
    // The root page (`GET /`) is a landing route, usually HTML: reported, but ranked below API operations.
    if (op.method === 'GET' && fullPath === '/') {
      found.severity = 'low';
      found.message += ' It is the root landing route, ranked below API operations.';
    }
    this.findings.push(found);
  }

  private unimplementedOperation(op: Operation, fullPath: string): void {
    if (op.deprecated) return;
    const key = operationKey(op.method, op.path, this.documented.basePath);
    const label = `${op.method} ${fullPath}`;
    const evidence = evidenceOf(this.documented, op);
    if (evidence.length === 0) return;
    const fix: DocFix = {
      kind: this.options.unimplemented === 'remove' ? 'remove-operation' : 'deprecate-operation',
      ...this.target(op.method, fullPath),
    };
    this.findings.push(
      finding('unimplemented-operation', key, '', {
        operation: label,
        location: op.location,
        message: `${label} is documented at ${op.location?.file}:${op.location?.line} but no route of the code serves it.`,
        evidence,
        fix,
      }),
    );
  }

  private unobservedOperation(op: Operation, window: ObservedEvidence | undefined): void {
    const key = operationKey(op.method, op.path, this.documented.basePath);
    const label = operationLabel(op, this.documented.basePath);
    const evidence: Evidence[] = [...evidenceOf(this.documented, op)];
    if (window) evidence.push(window);
    const span = window ? ` between ${window.firstSeen} and ${window.lastSeen}` : '';
    this.findings.push(
      finding('unobserved-operation', key, '', {
        operation: label,
        location: op.location,
        message: `${label} is documented but never appeared in the captured traffic${span}.`,
        evidence,
      }),
    );
  }

  private comparePair(pair: MatchedPair, fullPath: string): void {
    const { doc, other, key } = pair;
    const label = `${doc.method} ${fullPath}`;
    const ctx: PairContext = { doc, other, key, label, fullPath };
    this.compareParameters(ctx);
    this.compareStatuses(ctx);
    this.compareBodies(ctx);
    if (this.other.source === 'observed') this.compareAuth(ctx);
    if (this.other.source === 'implemented') this.compareCodeAuth(ctx);
  }

  private compareParameters(ctx: PairContext): void {
    const { doc, other } = ctx;
    const apiKeyNames = new Set(
      Object.values(this.documented.securitySchemes)
        .filter((s) => s.type === 'apiKey' && s.name)
        .map((s) => `${s.in}:${(s.name as string).toLowerCase()}`),
    );
    const docParam = (p: Parameter) =>
      doc.parameters.find(
        (d) => d.in === p.in && (p.in === 'header' ? d.name.toLowerCase() === p.name.toLowerCase() : d.name === p.name),
      );
    for (const p of other.parameters) {
      if (p.in === 'path' || p.in === 'cookie') continue;
      if (this.skipsHeader(ctx.label, p)) continue;
      if (apiKeyNames.has(`${p.in}:${p.name.toLowerCase()}`)) continue;
      const d = docParam(p);
      const subject = `${p.in}.${p.name}`;
      if (!d) {
        const otherEvidence = evidenceAt(this.other, other, p.location);
        const fix: DocFix = {
          kind: 'add-parameter',
          ...this.target(doc.method, ctx.fullPath),
          parameter: p,
          schemas: collectSchemas(this.other, [p.schema]),
        };
        this.findings.push(
          finding('undocumented-parameter', ctx.key, subject, {
            operation: ctx.label,
            location: doc.location,
            message: `${ctx.label}: ${this.viewName} ${this.other.source === 'observed' ? 'sends' : 'reads'} the ${p.in} parameter \`${p.name}\`, which ${this.docsOf(doc)} does not list.`,
            evidence: mergeEvidence(evidenceOf(this.documented, doc), otherEvidence),
            confidence: p.confidence ?? 'certain',
            fix,
          }),
        );
        continue;
      }
      // URL values are strings until parsed; only traffic that contradicts a numeric or boolean doc type counts.
      if (this.other.source === 'observed') {
        const dt = resolveSchema(this.documented, d.schema).type?.filter((t) => t !== 'null') ?? [];
        const ot = resolveSchema(this.other, p.schema).type?.filter((t) => t !== 'null') ?? [];
        if (
          dt.length > 0 &&
          dt.every((t) => t === 'integer' || t === 'number' || t === 'boolean') &&
          ot.includes('string')
        ) {
          this.findings.push(
            finding('field-type-mismatch', ctx.key, subject, {
              operation: ctx.label,
              location: d.location ?? doc.location,
              message: `${ctx.label}: the ${p.in} parameter \`${p.name}\` is documented as ${dt.join(' | ')} but traffic sends values that are not.`,
              evidence: mergeEvidence(evidenceAt(this.documented, doc, d.location), evidenceOf(this.other, other)),
              confidence: 'certain',
            }),
          );
        }
      }
    }
  }

  private compareStatuses(ctx: PairContext): void {
    const { doc, other } = ctx;
    for (const r of other.responses) {
      if (matchStatus(r.status, doc.responses)) continue;
      // A server error seen in traffic is an incident, not an undocumented contract.
      if (this.other.source === 'observed' && r.status.startsWith('5')) continue;
      // 499 (nginx's "client closed request", which servers also write when the request's context is cancelled) is
      // recorded after the client has gone: no client ever reads it, so it is no status of the contract.
      if (r.status === '499') continue;
      const count = other.observed?.statuses[r.status];
      const otherEvidence =
        this.other.source === 'observed'
          ? evidenceOf(this.other, other).map((e) =>
              e.source === 'observed' && count !== undefined ? { ...e, count } : e,
            )
          : evidenceAt(this.other, other, r.location);
      const fix: DocFix = {
        kind: 'add-response',
        ...this.target(doc.method, ctx.fullPath),
        response: r,
        schemas: collectSchemas(
          this.other,
          Object.values(r.content).map((c) => c.schema),
        ),
      };
      this.findings.push(
        finding('undocumented-status', ctx.key, r.status, {
          operation: ctx.label,
          location: doc.location,
          message: `${ctx.label}: ${this.viewName} answers ${r.status}${count !== undefined ? ` (${count} time${count === 1 ? '' : 's'})` : ''}, a status ${this.docsOf(doc)} does not list.`,
          evidence: mergeEvidence(evidenceOf(this.documented, doc), otherEvidence),
          confidence: r.confidence ?? 'certain',
          fix,
        }),
      );
    }
  }

  private compareBodies(ctx: PairContext): void {
    const { doc, other } = ctx;
    if (doc.requestBody && other.requestBody) {
      const picked = pickContent(doc.requestBody.content, other.requestBody.content);
      if (picked) this.compareSchemas(ctx, 'request', undefined, picked);
    } else if (!doc.requestBody && other.requestBody) {
      // The docs describe the operation but no request body, and the other view accepts a JSON object whose fields
      // are known: each of them is a field the docs lack.
      const json = Object.entries(other.requestBody.content).find(
        ([media, c]) => isJsonLike(normalizeMedia(media)) && c.schema?.properties !== undefined,
      );
      if (json)
        this.compareSchemas(ctx, 'request', undefined, {
          docMedia: json[0],
          otherMedia: json[0],
          docSchema: { type: ['object'], properties: {} },
          otherSchema: json[1].schema as Schema,
        });
    }
    for (const r of other.responses) {
      const d = matchStatus(r.status, doc.responses);
      if (!d) continue;
      const picked = pickContent(d.content, r.content);
      if (picked) this.compareSchemas(ctx, 'response', r.status, picked, r.confidence);
    }
  }

  private compareSchemas(
    ctx: PairContext,
    direction: Direction,
    status: string | undefined,
    picked: NonNullable<ReturnType<typeof pickContent>>,
    answered?: 'certain' | 'likely',
  ): void {
    const changes = this.differ.compare(picked.docSchema, picked.otherSchema, direction);
    for (const change of changes) this.mapSchemaChange(ctx, direction, status, picked, change, answered);
  }

  private mapSchemaChange(
    ctx: PairContext,
    direction: Direction,
    status: string | undefined,
    picked: NonNullable<ReturnType<typeof pickContent>>,
    change: SchemaChange,
    answered?: 'certain' | 'likely',
  ): void {
    const observed = this.other.source === 'observed';
    const where = direction === 'request' ? 'request body' : `${status} response`;
    const subject = `${direction}${status ? `.${status}` : ''}.${change.path}`;
    const docLoc: SourceLocation | undefined =
      change.base?.location ?? resolveSchema(this.documented, change.base ?? {}).location ?? ctx.doc.location;
    const otherLoc = change.head?.location;
    // Traffic shows what was sent; the code view says how sure it is of each node it inferred, and of the answer
    // itself (a body written by a helper the handler calls is `likely` as a whole).
    const confidence = observed
      ? 'certain'
      : change.head?.confidence === 'likely' || answered === 'likely'
        ? 'likely'
        : 'certain';
    const evidence = () =>
      mergeEvidence(evidenceAt(this.documented, ctx.doc, docLoc), evidenceAt(this.other, ctx.other, otherLoc));
    // A finding at the field's place in the docs, with both views' evidence and the other view's confidence.
    const fieldFinding = (rule: RuleId, at: string, message: string): void => {
      this.findings.push(
        finding(rule, ctx.key, at, {
          operation: ctx.label,
          location: docLoc,
          message,
          evidence: evidence(),
          confidence,
        }),
      );
    };
    switch (change.kind) {
      case 'property-added': {
        const rule = direction === 'request' ? 'undocumented-request-field' : 'undocumented-response-field';
        const schema = schemaFor(change.head, {});
        const seen = observed ? schema.observed : undefined;
        const fix: DocFix = {
          kind: 'add-field',
          ...this.target(ctx.doc.method, ctx.fullPath),
          in: direction,
          ...(status !== undefined ? { status } : {}),
          mediaType: picked.docMedia,
          field: change.path,
          schema,
          required: change.required === true,
          schemas: collectSchemas(this.other, [schema]),
        };
        this.findings.push(
          finding(rule, ctx.key, subject, {
            operation: ctx.label,
            location: ctx.doc.location,
            message: `${ctx.label}: ${this.viewName} ${direction === 'request' ? 'accepts' : 'returns'} \`${change.path}\`${membersOf(this.other, schema)} in the ${where}${seen ? ` (seen ${seen.samples} time${seen.samples === 1 ? '' : 's'})` : ''}, which ${this.docsOf(ctx.doc)} does not list.`,
            evidence: mergeEvidence(evidenceOf(this.documented, ctx.doc), evidenceAt(this.other, ctx.other, otherLoc)),
            confidence,
            fix,
          }),
        );
        return;
      }
      case 'type-changed': {
        // The other view saw or declares fewer types: not a contradiction. Code cannot tell integers from numbers.
        if (change.relation === 'narrowed') return;
        if (!observed && numericOnly(change)) return;
        fieldFinding(
          'field-type-mismatch',
          subject,
          `${ctx.label}: \`${change.path || '(body)'}\` in the ${where} is documented as ${change.detail.split(' → ')[0]} but ${this.viewName} ${observed ? 'sends' : 'uses'} ${change.detail.split(' → ')[1]}.`,
        );
        return;
      }
      case 'nullable-added': {
        if (direction !== 'response') return;
        if (observed && (change.head?.observed?.nulls ?? 1) === 0) return;
        fieldFinding(
          'field-type-mismatch',
          `${subject}#null`,
          `${ctx.label}: \`${change.path || '(body)'}\` in the ${where} is documented as never null but ${this.viewName} ${observed ? 'returns null for it' : 'may return null'}.`,
        );
        return;
      }
      case 'required-added': {
        // The code insists on a field the doc calls optional: clients that follow the doc get rejected.
        if (direction !== 'request' || observed) return;
        fieldFinding(
          'field-required-mismatch',
          subject,
          `${ctx.label}: \`${change.path}\` is optional in the documented request body but the code requires it.`,
        );
        return;
      }
      case 'required-removed': {
        // The doc says a request is refused without the field, but the code takes one without it (an unchecked
        // TypeScript body type, a Go field whose rules start with `omitempty`, a Flask field read with a default): the
        // documented contract is not the
        // code's. A field the code's rules merely leave unnamed is not enough (it may be checked by hand). Traffic
        // cannot tell: a request that left the field out would have had to be sent.
        if (direction === 'request') {
          if (observed || !(ctx.other.requestBody?.unchecked || change.head?.declaredOptional)) return;
          fieldFinding(
            'field-required-mismatch',
            subject,
            `${ctx.label}: \`${change.path}\` is required in the documented request body but the code accepts a request without it.`,
          );
          return;
        }
        // The doc promises a response field is always there; the other view says it may be missing.
        if (direction !== 'response') return;
        // The serializer sends it anyway (a pydantic default, a Go field without omitempty): the doc is right.
        if (!observed && change.head?.alwaysSent) return;
        if (observed) {
          const stats = change.head?.observed;
          if (
            !stats ||
            stats.parentSamples === undefined ||
            stats.parentSamples < 5 ||
            stats.samples >= stats.parentSamples
          )
            return;
        }
        const seen =
          observed && change.head?.observed
            ? ` (present in ${change.head.observed.samples} of ${change.head.observed.parentSamples})`
            : '';
        fieldFinding(
          'field-required-mismatch',
          subject,
          `${ctx.label}: \`${change.path}\` is required in the documented ${where} but ${this.viewName} ${observed ? 'leaves it out' : 'may leave it out'}${seen}.`,
        );
        return;
      }
      case 'property-removed': {
        // A field the docs require in a response that the code's body type does not have at all (a Go error struct
        // with `slug` alone against a documented `{slug, message}`): never sent, so the promise is broken. Traffic
        // judges presence by counts (`required-removed`), so this is the code view's.
        if (direction === 'request' && !observed && change.required === true && ctx.other.requestBody?.unchecked) {
          // An unchecked body the code never reads this field of: a request without it is accepted all the same.
          fieldFinding(
            'field-required-mismatch',
            subject,
            `${ctx.label}: \`${change.path}\` is required in the documented request body but the code never reads it and accepts a request without it.`,
          );
          return;
        }
        if (direction !== 'response' || observed || change.required !== true) return;
        fieldFinding(
          'field-required-mismatch',
          subject,
          `${ctx.label}: \`${change.path}\` is required in the documented ${where} but ${this.viewName} never sends it.`,
        );
        return;
      }
      default:
        return;
    }
  }

  /** The code's guards against the documented security: an operation the docs secure and the code serves openly is
   * the most dangerous drift there is, so it is judged on the code alone, with no traffic needed. */
  private compareCodeAuth(ctx: PairContext): void {
    const code = ctx.other.auth;
    if (!code || code.state === 'unknown') return;
    const doc = documentedAuthState(ctx.doc.security) ?? 'none';
    if (doc === code.state) return;
    const docLoc = ctx.doc.location;
    const codeLoc = ctx.other.location;
    const guards = code.evidence.map((e) => `\`${e.what}\` at ${e.file}:${e.line}`).join(', ');
    const schemes = [...new Set((ctx.doc.security ?? []).flatMap((alt) => Object.keys(alt)))].join(', ');
    const evidence = mergeEvidence(evidenceOf(this.documented, ctx.doc), evidenceOf(this.other, ctx.other));
    // The gateway in front of the code rejects a request without the credential before the code runs (Google's
    // documented design for Cloud Endpoints, AWS API Gateway authorizers): code with no auth of its own is then what
    // that design asks for, not an open door. Said, at info, so the reader still sees what rests on the gateway.
    const gateway =
      doc === 'required' ? (ctx.doc.gateway ?? enforcingGateway(this.documented, ctx.doc.security ?? [])) : undefined;
    const trusted = gateway !== undefined && this.options.trustGateway !== false;
    const gatewayEvidence: Evidence[] = gateway
      ? [{ source: 'documented', file: gateway.location.file, line: gateway.location.line }]
      : [];
    const byGateway = gateway
      ? `security enforced by the gateway declared at ${gateway.location.file}:${gateway.location.line} (${gateway.marker}, ${gateway.name})`
      : '';
    if (code.state === 'none' && doc !== 'none') {
      this.findings.push(
        finding('auth-missing-in-code', ctx.key, '', {
          ...(trusted ? { severity: 'info' as const } : {}),
          operation: ctx.label,
          location: codeLoc ?? docLoc,
          message: trusted
            ? `${ctx.label} is documented as requiring ${schemes} and the code checks no credential itself (route at ${codeLoc?.file}:${codeLoc?.line}): ${byGateway}, so requests without one never reach it.`
            : `${ctx.label} is documented as requiring ${schemes} but the code serves it with no authentication (route at ${codeLoc?.file}:${codeLoc?.line}; no guard, middleware or security matcher applies)${gateway ? `; the ${byGateway} is not trusted (config \`auth.trustGateway: false\`)` : ''}.`,
          evidence: mergeEvidence(evidence, gatewayEvidence),
        }),
      );
      return;
    }
    if (doc === 'none' && code.state !== 'none') {
      if (code.state !== 'required') return;
      this.findings.push(
        finding('auth-undocumented', ctx.key, '', {
          operation: ctx.label,
          location: docLoc ?? codeLoc,
          message: `${ctx.label} requires authentication in the code (${guards}) but ${this.docsOf(ctx.doc)} declares no security for it: clients following the docs get 401.`,
          evidence,
        }),
      );
      return;
    }
    this.findings.push(
      finding('auth-optional-vs-required', ctx.key, '', {
        ...(trusted ? { severity: 'info' as const } : {}),
        operation: ctx.label,
        location: docLoc ?? codeLoc,
        message:
          doc === 'optional'
            ? `${ctx.label}: ${this.docsOf(ctx.doc)} makes authentication optional but the code requires it (${guards}).`
            : trusted
              ? `${ctx.label}: ${this.docsOf(ctx.doc)} requires ${schemes} and the code serves requests without credentials too (${guards}): ${byGateway}, so requests without one never reach it.`
              : `${ctx.label}: ${this.docsOf(ctx.doc)} requires ${schemes} but the code serves requests without credentials too (${guards}).`,
        evidence: mergeEvidence(evidence, trusted ? gatewayEvidence : []),
      }),
    );
  }

  private compareAuth(ctx: PairContext): void {
    const stats = ctx.other.observed;
    if (!stats || stats.successWithoutCredentials <= 0 || !isSecured(ctx.doc)) return;
    const seen = evidenceOf(this.other, ctx.other).map((e) =>
      e.source === 'observed' ? { ...e, count: stats.successWithoutCredentials } : e,
    );
    const schemes = [...new Set((ctx.doc.security ?? []).flatMap((alt) => Object.keys(alt)))].join(', ');
    this.findings.push(
      finding('auth-drift', ctx.key, '', {
        operation: ctx.label,
        location: ctx.doc.location,
        message: `${ctx.label} is documented as requiring ${schemes} but traffic saw it answer 2xx ${stats.successWithoutCredentials} time${stats.successWithoutCredentials === 1 ? '' : 's'} without credentials.`,
        evidence: mergeEvidence(evidenceOf(this.documented, ctx.doc), seen),
      }),
    );
  }

  private undocumentedAuthSchemes(): void {
    const documentedSchemes = Object.values(this.documented.securitySchemes);
    const byScheme = new Map<
      string,
      { scheme: SecurityScheme | undefined; count: number; ops: string[]; evidence: Evidence[] }
    >();
    for (const op of this.other.operations) {
      // Only schemes the server accepted (the operation's observed security); rejected attempts are client mistakes.
      const accepted = new Set((op.security ?? []).flatMap((alt) => Object.keys(alt)));
      for (const name of accepted) {
        const count = op.observed?.schemes[name] ?? 0;
        const scheme = this.other.securitySchemes[name];
        if (count <= 0 || scheme === undefined) continue;
        if (documentedSchemes.some((d) => sameKind(d, scheme))) continue;
        const entry = byScheme.get(name) ?? { scheme, count: 0, ops: [], evidence: [] };
        entry.count += count;
        entry.ops.push(operationLabel(op, this.other.basePath));
        entry.evidence.push(...evidenceOf(this.other, op).map((e) => (e.source === 'observed' ? { ...e, count } : e)));
        byScheme.set(name, entry);
      }
    }
    for (const [name, entry] of byScheme) {
      const kind = entry.scheme ? describeScheme(entry.scheme) : name;
      const shown =
        entry.ops.slice(0, 3).join(', ') + (entry.ops.length > 3 ? ` and ${entry.ops.length - 3} more` : '');
      this.findings.push(
        finding('undocumented-auth-scheme', '*', kind, {
          operation: '*',
          location: this.documented.files[0]
            ? { file: this.documented.entry ?? (this.documented.files[0] as string), line: 1 }
            : undefined,
          message: `Traffic authenticates with ${kind} (${entry.count} exchange${entry.count === 1 ? '' : 's'}: ${shown}) but the documentation declares no such security scheme.`,
          evidence: mergeEvidence(entry.evidence),
        }),
      );
    }
  }
}

interface PairContext {
  doc: Operation;
  other: Operation;
  key: string;
  label: string;
  fullPath: string;
}

/**
 * The gateway that rejects a request lacking the documented credentials: each alternative of the requirement names
 * at least one scheme a gateway the document configures enforces (an alternative with none lets a request through
 * to the code unchecked). The first such declaration is cited.
 */
function enforcingGateway(
  documented: ApiSurface,
  security: readonly Record<string, string[]>[],
): GatewayDeclaration | undefined {
  let first: GatewayDeclaration | undefined;
  for (const alt of security) {
    const gateway = Object.keys(alt)
      .map((name) => documented.securitySchemes[name]?.gateway)
      .find((g) => g !== undefined);
    if (!gateway) return undefined;
    first ??= gateway;
  }
  return first;
}

function sameKind(a: SecurityScheme, b: SecurityScheme): boolean {
  if (a.type !== b.type)
    return a.type === 'oauth2' || a.type === 'openIdConnect' ? b.type === 'http' && b.scheme === 'bearer' : false;
  if (a.type === 'http') return (a.scheme ?? '').toLowerCase() === (b.scheme ?? '').toLowerCase();
  if (a.type === 'apiKey') return a.in === b.in && (a.name ?? '').toLowerCase() === (b.name ?? '').toLowerCase();
  return true;
}

function describeScheme(s: SecurityScheme): string {
  if (s.type === 'http') return `HTTP ${s.scheme ?? ''} authentication`.replace('  ', ' ');
  if (s.type === 'apiKey') return `an API key in the ${s.in} \`${s.name}\``;
  return s.type;
}

/** ` (id, email, passwordHash)`: what an undocumented object field carries, so a whole joined row reads as one. */
function membersOf(surface: ApiSurface, schema: Schema): string {
  const resolved = resolveSchema(surface, schema);
  const node = resolved.type?.includes('array') && resolved.items ? resolveSchema(surface, resolved.items) : resolved;
  const names = Object.keys(node.properties ?? {});
  if (names.length === 0) return '';
  return ` (${names.slice(0, 8).join(', ')}${names.length > 8 ? `, and ${names.length - 8} more` : ''})`;
}

function numericOnly(change: SchemaChange): boolean {
  const [from, to] = change.detail.split(' → ');
  const nums = new Set(['integer', 'number']);
  return (from ?? '').split(' | ').every((t) => nums.has(t)) && (to ?? '').split(' | ').every((t) => nums.has(t));
}

function observedSummary(evidence: Evidence[]): string {
  const seen = evidence.find((e): e is ObservedEvidence => e.source === 'observed');
  return seen
    ? `traffic saw it ${seen.count} time${seen.count === 1 ? '' : 's'} between ${seen.firstSeen} and ${seen.lastSeen}`
    : 'seen in traffic';
}

/**
 * Drift findings between the documented view and another view (implemented or observed): operations, parameters,
 * statuses, body fields, types, requiredness and auth. Only what the other view could see is judged: a view that did
 * not record statuses or fields says nothing about them. Severities are the catalogue defaults; policy comes after.
 */
export function compareDrift(documented: ApiSurface, other: ApiSurface, options: DriftOptions = {}): Finding[] {
  const matching = matchOperations(documented, other);
  return new DriftComparison(documented, matching.other, options, matching).run();
}

/** Says that a whole view lined up with the docs only after its mount was guessed (and how to make it explicit). */
export function mountGuessDiagnostic(
  documented: ApiSurface,
  other: ApiSurface,
  guess: MountGuess,
): { level: 'warning'; code: string; message: string } {
  const spec = documented.entry ?? 'the spec';
  const view = other.source === 'observed' ? 'the observed traffic' : 'the code';
  const how =
    guess.kind === 'bare'
      ? `serves its paths without the documented base path ${documented.basePath || '/'}`
      : `serves its paths under ${guess.prefix}, which ${spec} does not declare`;
  const hint =
    other.source === 'implemented'
      ? 'set code.basePath in .github/specwatch.yml or declare the server in the spec'
      : 'declare the server in the spec';
  return {
    level: 'warning',
    code: 'mount-guessed',
    message: `${view} lines up with ${spec} only when it ${how} (${guess.matched} operations matched, ${guess.declaredMatched} with the declared servers); ${hint}`,
  };
}

/**
 * One finding for a code view that lines up with the docs only under a prefix the docs do not declare (a gateway or
 * deployment prefix): the prefix, where the docs declare their servers, the first route under it, and how many
 * operations it aligned — instead of every operation reported undocumented and unimplemented.
 */
export function basePathMismatchFinding(documented: ApiSurface, code: ApiSurface, guess: MountGuess): Finding {
  const spec = documented.entry ?? documented.files[0] ?? 'the spec';
  const declared = mountOf(documented)
    .servers.map((s) => s.basePath || '/')
    .filter((b, i, all) => all.indexOf(b) === i);
  const under = code.operations.find((op) => {
    const full = joinPaths(code.basePath, op.path);
    return full === guess.prefix || full.startsWith(`${guess.prefix}/`);
  });
  const evidence: Evidence[] = [];
  const docAt = documented.serversLocation;
  if (docAt) evidence.push({ source: 'documented', file: docAt.file, line: docAt.line });
  if (under) evidence.push(...evidenceOf(code, under));
  const docWhere = docAt ? ` (declared at ${docAt.file}:${docAt.line})` : '';
  const codeWhere = under?.location ? ` (first route under it at ${under.location.file}:${under.location.line})` : '';
  return finding('base-path-mismatch', '*', guess.prefix, {
    operation: '*',
    ...(under?.location ? { location: under.location } : {}),
    message:
      `The code serves the documented paths under ${guess.prefix}${codeWhere}, but ${spec} declares the server path ` +
      `${declared.join(', ')}${docWhere}: ${guess.matched} operations line up only with that prefix, ` +
      `${guess.declaredMatched} with the declared servers. They are compared as aligned; set code.basePath in ` +
      '.github/specwatch.yml or declare the server in the spec.',
    evidence,
  });
}
