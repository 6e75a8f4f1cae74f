import {
  type ApiSurface,
  type Evidence,
  type Finding,
  joinPaths,
  type MediaContent,
  type Operation,
  operationKey,
  type Parameter,
  type Response,
  resolveSchema,
  type Schema,
  type SecurityRequirement,
  type SecurityScheme,
  type SourceLocation,
} from '../model/index.js';
import { fingerprintOf, RULES, type RuleId } from '../rules/index.js';
import { evidenceAt, evidenceOf, mergeEvidence } from './evidence.js';
import {
  isUnstable,
  judgeLifecycle,
  judgeRemoval,
  type LifecyclePolicy,
  type LifecycleSide,
  STABILITY_KEY,
} from './lifecycle.js';
import { type Direction, type SchemaChange, SchemaDiffer } from './schema-diff.js';

/** Options of {@link compareChanges}. */
export interface ChangeOptions {
  /** Report `safe` changes too (default true: the changelog lists them). */
  includeSafe?: boolean;
  /**
   * Report a change inside a named schema once per operation embedding it, as the raw per-body view (default false:
   * once for the schema, with every affected operation in `operations`). For callers that reason body by body, like
   * the openapi-diff second opinion.
   */
  perOperation?: boolean;
  /** The day lifecycle dates (`x-sunset`) are judged against (default: now). */
  today?: Date;
  /** A sunset grace period: deprecating then needs an `x-sunset` at least this many days ahead (default: none). */
  minSunsetDays?: number;
}

/** How many affected operations a grouped finding's message names before "and N more". */
const LISTED_OPERATIONS = 5;

/** `affects 3 operations: A, B, C` / `affects 12 operations: A, B, C, D, E and 7 more`. */
export function affectedOperationsText(operations: readonly string[]): string {
  const listed = operations.slice(0, LISTED_OPERATIONS).join(', ');
  const more = operations.length - LISTED_OPERATIONS;
  return `affects ${plural(operations.length, 'operation')}: ${listed}${more > 0 ? ` and ${more} more` : ''}`;
}

/** Headers OpenAPI says are described elsewhere (`Accept`, `Content-Type`, `Authorization` parameters are ignored). */
const IGNORED_PARAMETER_HEADERS = new Set(['accept', 'content-type', 'authorization']);

const normalizeMedia = (m: string): string => m.split(';')[0]?.trim().toLowerCase() ?? m;
const isSuccess = (status: string): boolean => /^2/.test(status);
// Whether a media range (any type, or `application/` followed by a star) covers a media type.
const mediaMatches = (range: string, type: string): boolean =>
  range === '*/*' || (range.endsWith('/*') && type.startsWith(range.slice(0, -1)));

interface OpContext {
  base: Operation;
  head: Operation;
  key: string;
  label: string;
}

/** Where a parameter lives: path parameters by position (renaming `{id}` to `{petId}` changes nothing for clients). */
function parameterSlots(op: Operation): Map<string, Parameter> {
  const out = new Map<string, Parameter>();
  const pathNames = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  for (const p of op.parameters) {
    if (p.in === 'header' && IGNORED_PARAMETER_HEADERS.has(p.name.toLowerCase())) continue;
    if (p.in === 'path') {
      const index = pathNames.indexOf(p.name);
      out.set(`path:#${index >= 0 ? index : p.name}`, p);
    } else out.set(`${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`, p);
  }
  return out;
}

function securityKey(alt: SecurityRequirement): string {
  return Object.keys(alt).sort().join(' + ');
}

function isPublic(op: Operation): boolean {
  const s = op.security;
  return s === undefined || s.length === 0 || s.some((alt) => Object.keys(alt).length === 0);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One operation's sighting of a change inside a named schema. */
interface SharedSighting {
  ctx: OpContext;
  message: string;
  location: SourceLocation | undefined;
  evidence: Evidence[];
}

/** A change inside a named schema, collected over every operation that reaches it. */
interface SharedChange {
  rule: RuleId;
  ref: string;
  subject: string;
  change: SchemaChange;
  /** Where its finding goes in the output: the place of its first sighting, so the order stays as before. */
  index: number;
  byOperation: Map<string, SharedSighting>;
}

class ChangeComparison {
  readonly findings: Finding[] = [];
  private readonly differ: SchemaDiffer;
  private readonly seen = new Set<string>();
  private readonly shared = new Map<string, SharedChange>();
  private readonly policy: LifecyclePolicy;

  constructor(
    private readonly base: ApiSurface,
    private readonly head: ApiSurface,
    private readonly options: ChangeOptions,
  ) {
    this.differ = new SchemaDiffer(base, head);
    this.policy = {
      today: options.today ?? new Date(),
      ...(options.minSunsetDays !== undefined ? { minSunsetDays: options.minSunsetDays } : {}),
    };
  }

  private push(
    rule: RuleId,
    key: string,
    subject: string,
    operation: string,
    message: string,
    location: SourceLocation | undefined,
    evidence: Evidence[],
  ): void {
    const info = RULES[rule];
    if (info.class === 'safe' && this.options.includeSafe === false) return;
    // The same change reached through two media types of one body is one change. Deduplicated on the fingerprint's
    // input rather than on the hash, so repeats cost no sha256 (the input determines the fingerprint).
    const identity = `${rule}\u0000${key}\u0000${subject}`;
    if (this.seen.has(identity)) return;
    this.seen.add(identity);
    const fingerprint = fingerprintOf(rule, key, subject);
    const f: Finding = { rule, severity: info.severity, class: info.class, operation, message, evidence, fingerprint };
    if (location) f.location = location;
    this.findings.push(f);
  }

  run(): Finding[] {
    const { pairs, removed, added, basePathChanged } = this.matchOperations();
    this.compareServers(basePathChanged);
    this.compareSecuritySchemes();
    this.compareWebhooks();
    for (const op of removed) {
      const key = operationKey(op.method, op.path, this.base.basePath);
      const label = `${op.method} ${joinPaths(this.base.basePath, op.path)}`;
      const removal = judgeRemoval(operationSide(op), this.policy);
      const rule =
        removal.state === 'not-deprecated'
          ? 'operation-removed'
          : removal.state === 'before-sunset'
            ? 'operation-removed-before-sunset'
            : 'deprecated-operation-removed';
      const why =
        removal.state === 'before-sunset'
          ? ` before its sunset date ${removal.sunset}`
          : removal.state === 'announced'
            ? ` (it was deprecated${removal.sunset ? `, sunset ${removal.sunset}` : ''})`
            : '';
      this.push(rule, key, '', label, `${label} was removed${why}.`, op.location, evidenceOf(this.base, op));
    }
    for (const op of added) {
      const key = operationKey(op.method, op.path, this.head.basePath);
      const label = `${op.method} ${joinPaths(this.head.basePath, op.path)}`;
      this.push('operation-added', key, '', label, `${label} was added.`, op.location, evidenceOf(this.head, op));
    }
    for (const ctx of pairs) this.compareOperation(ctx);
    for (const entry of this.shared.values()) this.findings[entry.index] = this.sharedFinding(entry);
    return this.excuseUnstable(removed, pairs);
  }

  /**
   * Draft and alpha operations are not held to compatibility (oasdiff's default threshold): a breaking or potentially
   * breaking change that touches only such operations is kept, as the safe `unstable-operation-changed` naming the
   * rule it would have been. A removed operation counts by its base level, a kept one by its head level; a change of
   * the stability level itself by the level it leaves, so `stable` → `draft` still breaks.
   */
  private excuseUnstable(removed: Operation[], pairs: OpContext[]): Finding[] {
    const leaving = new Map<string, unknown>();
    const current = new Map<string, unknown>();
    for (const op of removed) {
      const level = op.extensions?.[STABILITY_KEY];
      const label = `${op.method} ${joinPaths(this.base.basePath, op.path)}`;
      leaving.set(label, level);
      current.set(label, level);
    }
    for (const ctx of pairs) {
      leaving.set(ctx.label, ctx.base.extensions?.[STABILITY_KEY]);
      current.set(ctx.label, ctx.head.extensions?.[STABILITY_KEY]);
    }
    if (![...current.values(), ...leaving.values()].some(isUnstable)) return this.findings;
    const out: Finding[] = [];
    for (const f of this.findings) {
      if (f.class !== 'breaking' && f.class !== 'potentially-breaking') {
        out.push(f);
        continue;
      }
      const levels = f.rule.startsWith('stability-') ? leaving : current;
      const ops = f.operations ?? [f.operation];
      if (!ops.every((op) => isUnstable(levels.get(op)))) {
        out.push(f);
        continue;
      }
      if (this.options.includeSafe === false) continue;
      const rule = 'unstable-operation-changed';
      const info = RULES[rule];
      const named = [...new Set(ops.map((op) => String(levels.get(op))))].join(' and ');
      out.push({
        ...f,
        rule,
        severity: info.severity,
        class: info.class,
        message: `${f.message} Not held to compatibility: x-stability-level ${named} (else ${f.rule}).`,
        fingerprint: fingerprintOf(rule, f.fingerprint, ''),
      });
    }
    return out;
  }

  /**
   * Records a change that lies inside a named schema. Keyed on rule + schema + path inside it + subject, not on the
   * operation: Stripe's components are embedded by hundreds of operations, and one change reported once per
   * operation buries the handful of real changes under thousands of lines.
   */
  private pushShared(
    rule: RuleId,
    change: SchemaChange & { schema: { ref: string; path: string } },
    ctx: OpContext,
    message: string,
    location: SourceLocation | undefined,
    evidence: Evidence[],
  ): void {
    if (RULES[rule].class === 'safe' && this.options.includeSafe === false) return;
    const { ref, path } = change.schema;
    const subject = `${path}#${change.keyword ?? change.kind}`;
    const identity = `${rule}\u0000${ref}\u0000${subject}`;
    let entry = this.shared.get(identity);
    if (!entry) {
      entry = { rule, ref, subject, change, index: this.findings.length, byOperation: new Map() };
      this.shared.set(identity, entry);
      // Placeholder, replaced by the finished finding once every operation was compared.
      this.findings.push(undefined as unknown as Finding);
    }
    // One operation can reach the schema through several statuses or media types: its first sighting stands.
    if (!entry.byOperation.has(ctx.label)) entry.byOperation.set(ctx.label, { ctx, message, location, evidence });
  }

  private sharedFinding(entry: SharedChange): Finding {
    const { rule, ref, subject, change } = entry;
    const info = RULES[rule];
    const operations = [...entry.byOperation.keys()].sort();
    const first = entry.byOperation.get(operations[0] as string) as SharedSighting;
    // The schema, not the operations, identifies the change: a dismissal survives new operations embedding it.
    const fingerprint = fingerprintOf(rule, `schema:${ref}`, subject);
    const base = { rule, severity: info.severity, class: info.class } as const;
    if (operations.length === 1) {
      // Alone, the operation's own wording (status, path from the body root) says more than the schema's.
      const f: Finding = {
        ...base,
        operation: first.ctx.label,
        operations,
        message: first.message,
        evidence: first.evidence,
        fingerprint,
      };
      if (first.location) f.location = first.location;
      return f;
    }
    // The changed node's lines on both sides (else the schema's); the operations' own lines would be one per
    // operation, and `operations` already names them.
    const baseAt = change.base?.location ?? this.base.schemas[ref]?.location;
    const headAt = change.head?.location ?? this.head.schemas[ref]?.location;
    const evidence = mergeEvidence(
      evidenceAt(this.base, first.ctx.base, baseAt),
      evidenceAt(this.head, first.ctx.head, headAt),
    );
    const path = entry.change.schema?.path ?? '';
    const where = path ? `\`${path}\` in the schema \`${ref}\`` : `The schema \`${ref}\``;
    const f: Finding = {
      ...base,
      operation: operations[0] as string,
      operations,
      message: `${where}: ${describeChange(change)}; ${affectedOperationsText(operations)}.`,
      evidence,
      fingerprint,
    };
    const location = headAt ?? first.location;
    if (location) f.location = location;
    return f;
  }

  /** Pairs operations by identity; a changed base path is one finding, not every operation removed and added. */
  private matchOperations() {
    const index = (s: ApiSurface, withBase: boolean) => {
      const m = new Map<string, Operation>();
      for (const op of s.operations) m.set(operationKey(op.method, op.path, withBase ? s.basePath : ''), op);
      return m;
    };
    let baseOps = index(this.base, true);
    let headOps = index(this.head, true);
    let basePathChanged = false;
    if (this.base.basePath !== this.head.basePath) {
      const bareBase = index(this.base, false);
      const bareHead = index(this.head, false);
      const fullHits = [...baseOps.keys()].filter((k) => headOps.has(k)).length;
      const bareHits = [...bareBase.keys()].filter((k) => bareHead.has(k)).length;
      if (bareHits > fullHits) {
        basePathChanged = true;
        baseOps = bareBase;
        headOps = bareHead;
      }
    }
    const pairs: OpContext[] = [];
    const removed: Operation[] = [];
    for (const [key, base] of baseOps) {
      const head = headOps.get(key);
      if (!head) {
        removed.push(base);
        continue;
      }
      const fullKey = operationKey(head.method, head.path, this.head.basePath);
      pairs.push({
        base,
        head,
        key: fullKey,
        label: `${head.method} ${joinPaths(this.head.basePath, head.path)}`,
      });
    }
    const added = [...headOps].filter(([key]) => !baseOps.has(key)).map(([, op]) => op);
    return { pairs, removed, added, basePathChanged };
  }

  private compareServers(basePathChanged: boolean): void {
    const anchor = this.head.entry ? { file: this.head.entry, line: 1 } : undefined;
    const evidence = (s: ApiSurface): Evidence[] => (s.entry ? [{ source: 'documented', file: s.entry, line: 1 }] : []);
    if (basePathChanged) {
      this.push(
        'base-path-changed',
        '*',
        'base-path',
        '*',
        `Every operation moved from ${this.base.basePath || '/'} to ${this.head.basePath || '/'}: clients built on the old base path will miss.`,
        anchor,
        mergeEvidence(evidence(this.base), evidence(this.head)),
      );
      return;
    }
    const norm = (u: string) => u.replace(/\/+$/, '').toLowerCase();
    const baseServers = new Set(this.base.servers.map(norm));
    const headServers = new Set(this.head.servers.map(norm));
    for (const s of this.base.servers) {
      if (!headServers.has(norm(s)))
        this.push(
          'server-removed',
          '*',
          `server:${norm(s)}`,
          '*',
          `The server ${s} was removed.`,
          anchor,
          evidence(this.base),
        );
    }
    for (const s of this.head.servers) {
      if (!baseServers.has(norm(s)))
        this.push(
          'server-added',
          '*',
          `server:${norm(s)}`,
          '*',
          `The server ${s} was added.`,
          anchor,
          evidence(this.head),
        );
    }
  }

  /** 3.1 webhooks by name: a client that registered for one stops being called. */
  private compareWebhooks(): void {
    const bw = this.base.webhooks ?? {};
    const hw = this.head.webhooks ?? {};
    for (const [name, at] of Object.entries(bw)) {
      if (name in hw) continue;
      const evidence: Evidence[] = at ? [{ source: 'documented', file: at.file, line: at.line }] : [];
      this.push('webhook-removed', '*', `webhook:${name}`, '*', `The webhook \`${name}\` was removed.`, at, evidence);
    }
    for (const [name, at] of Object.entries(hw)) {
      if (name in bw) continue;
      const evidence: Evidence[] = at ? [{ source: 'documented', file: at.file, line: at.line }] : [];
      this.push('webhook-added', '*', `webhook:${name}`, '*', `The webhook \`${name}\` was added.`, at, evidence);
    }
  }

  /** Lifecycle verdicts (sunset, stability) of an operation, parameter or property that exists on both sides. */
  private pushLifecycle(
    base: LifecycleSide,
    head: LifecycleSide,
    key: string,
    subject: string,
    label: string,
    what: string,
    at: SourceLocation | undefined,
    evidence: Evidence[],
  ): void {
    for (const verdict of judgeLifecycle(base, head, this.policy))
      this.push(verdict.rule, key, `${subject}#${verdict.rule}`, label, `${what}: ${verdict.detail}.`, at, evidence);
  }

  private compareSecuritySchemes(): void {
    for (const [name, b] of Object.entries(this.base.securitySchemes)) {
      const h = this.head.securitySchemes[name];
      if (!h) continue;
      const what = schemeDifference(b, h);
      if (!what) continue;
      const evidence: Evidence[] = [];
      if (b.location) evidence.push({ source: 'documented', file: b.location.file, line: b.location.line });
      if (h.location) evidence.push({ source: 'documented', file: h.location.file, line: h.location.line });
      this.push(
        'security-scheme-changed',
        '*',
        `scheme:${name}`,
        '*',
        `The security scheme \`${name}\` changed: ${what}.`,
        h.location,
        evidence,
      );
    }
  }

  private compareOperation(ctx: OpContext): void {
    const { base, head, key, label } = ctx;
    const ev = mergeEvidence(evidenceOf(this.base, base), evidenceOf(this.head, head));
    if (!base.deprecated && head.deprecated)
      this.push('operation-deprecated', key, '', label, `${label} was deprecated.`, head.location, ev);
    this.pushLifecycle(operationSide(base), operationSide(head), key, 'operation', label, label, head.location, ev);
    if (base.operationId && head.operationId && base.operationId !== head.operationId) {
      this.push(
        'operation-id-changed',
        key,
        '',
        label,
        `${label}: operationId \`${base.operationId}\` became \`${head.operationId}\`; generated clients rename the method.`,
        head.location,
        ev,
      );
    }
    this.compareParameters(ctx);
    this.compareRequestBody(ctx);
    this.compareResponses(ctx);
    this.compareSecurity(ctx);
  }

  private compareParameters(ctx: OpContext): void {
    const { base, head, key, label } = ctx;
    const bSlots = parameterSlots(base);
    const hSlots = parameterSlots(head);
    const moved = new Set<string>();
    const pev = (bp: Parameter | undefined, hp: Parameter | undefined) =>
      mergeEvidence(
        bp ? evidenceAt(this.base, base, bp.location) : [],
        hp ? evidenceAt(this.head, head, hp.location) : [],
      );
    for (const [slot, hp] of hSlots) {
      if (bSlots.has(slot)) continue;
      const elsewhere = [...bSlots.entries()].find(
        ([s, bp]) => !hSlots.has(s) && bp.name.toLowerCase() === hp.name.toLowerCase() && bp.in !== hp.in,
      );
      if (elsewhere) {
        moved.add(elsewhere[0]);
        this.push(
          'parameter-moved',
          key,
          `param:${hp.name}`,
          label,
          `${label}: the parameter \`${hp.name}\` moved from ${elsewhere[1].in} to ${hp.in}.`,
          hp.location ?? head.location,
          pev(elsewhere[1], hp),
        );
        continue;
      }
      if (hp.required)
        this.push(
          'parameter-added-required',
          key,
          `${hp.in}.${hp.name}`,
          label,
          `${label}: the required ${hp.in} parameter \`${hp.name}\` was added; existing calls do not send it.`,
          hp.location ?? head.location,
          pev(undefined, hp),
        );
      else
        this.push(
          'parameter-added-optional',
          key,
          `${hp.in}.${hp.name}`,
          label,
          `${label}: the optional ${hp.in} parameter \`${hp.name}\` was added.`,
          hp.location ?? head.location,
          pev(undefined, hp),
        );
    }
    for (const [slot, bp] of bSlots) {
      const hp = hSlots.get(slot);
      if (!hp) {
        if (moved.has(slot)) continue;
        const removal = judgeRemoval(parameterSide(bp), this.policy);
        if (removal.state === 'before-sunset')
          this.push(
            'parameter-removed-before-sunset',
            key,
            `${bp.in}.${bp.name}`,
            label,
            `${label}: the deprecated ${bp.in} parameter \`${bp.name}\` was removed before its sunset date ${removal.sunset}.`,
            head.location,
            pev(bp, undefined),
          );
        else
          this.push(
            'parameter-removed',
            key,
            `${bp.in}.${bp.name}`,
            label,
            `${label}: the ${bp.in} parameter \`${bp.name}\` was removed; calls that send it may be rejected or silently ignored.`,
            head.location,
            pev(bp, undefined),
          );
        continue;
      }
      const subject = `${hp.in}.${bp.in === 'path' ? slot : hp.name}`;
      const name = `the ${hp.in} parameter \`${hp.name}\``;
      if (!bp.required && hp.required)
        this.push(
          'parameter-became-required',
          key,
          subject,
          label,
          `${label}: ${name} became required.`,
          hp.location ?? head.location,
          pev(bp, hp),
        );
      if (bp.required && !hp.required)
        this.push(
          'parameter-became-optional',
          key,
          subject,
          label,
          `${label}: ${name} became optional.`,
          hp.location ?? head.location,
          pev(bp, hp),
        );
      if (!bp.deprecated && hp.deprecated)
        this.push(
          'parameter-deprecated',
          key,
          subject,
          label,
          `${label}: ${name} was deprecated.`,
          hp.location ?? head.location,
          pev(bp, hp),
        );
      this.pushLifecycle(
        parameterSide(bp),
        parameterSide(hp),
        key,
        subject,
        label,
        `${label}: ${name}`,
        hp.location ?? head.location,
        pev(bp, hp),
      );
      for (const change of this.differ.compare(bp.schema, hp.schema, 'request')) {
        const rule = parameterRule(change);
        if (!rule) continue;
        const at = change.path ? `${name} (\`${change.path}\`)` : name;
        this.push(
          rule,
          key,
          `${subject}${change.path ? `.${change.path}` : ''}#${change.keyword ?? change.kind}`,
          label,
          `${label}: ${at}: ${describeChange(change)}.`,
          hp.location ?? head.location,
          pev(bp, hp),
        );
      }
    }
  }

  private compareRequestBody(ctx: OpContext): void {
    const { base, head, key, label } = ctx;
    const bb = base.requestBody;
    const hb = head.requestBody;
    const ev = mergeEvidence(evidenceAt(this.base, base, bb?.location), evidenceAt(this.head, head, hb?.location));
    const at = hb?.location ?? head.location;
    if (!bb && hb) {
      if (hb.required)
        this.push(
          'request-body-added-required',
          key,
          'request',
          label,
          `${label}: a required request body was added; existing calls send none.`,
          at,
          ev,
        );
      return;
    }
    if (bb && !hb) {
      this.push(
        'request-body-removed',
        key,
        'request',
        label,
        `${label}: the request body was removed; calls that send one may be rejected.`,
        at,
        ev,
      );
      return;
    }
    if (!bb || !hb) return;
    if (!bb.required && hb.required)
      this.push(
        'request-body-became-required',
        key,
        'request',
        label,
        `${label}: the request body became required.`,
        at,
        ev,
      );
    if (bb.required && !hb.required)
      this.push(
        'request-body-became-optional',
        key,
        'request',
        label,
        `${label}: the request body became optional.`,
        at,
        ev,
      );
    this.compareContent(ctx, 'request', undefined, bb.content, hb.content, at, ev);
  }

  private compareResponses(ctx: OpContext): void {
    const { base, head, key, label } = ctx;
    const find = (list: Response[], status: string) =>
      list.find((r) => r.status.toUpperCase() === status.toUpperCase());
    const rangeOf = (list: Response[], status: string) => find(list, `${status[0]}XX`);
    const matched = new Set<Response>();
    for (const br of base.responses) {
      const hr =
        find(head.responses, br.status) ??
        rangeOf(head.responses, br.status) ??
        (/^\dXX$/i.test(br.status)
          ? head.responses.find((r) => r.status[0] === br.status[0] && !matched.has(r))
          : undefined);
      const ev = mergeEvidence(
        evidenceAt(this.base, base, br.location),
        hr ? evidenceAt(this.head, head, hr.location) : evidenceOf(this.head, head),
      );
      if (!hr) {
        // Still answered through `default`: the doc stopped naming it, clients see nothing new.
        if (find(head.responses, 'default') && !isSuccess(br.status)) continue;
        const rule = isSuccess(br.status) ? 'response-status-removed' : 'response-error-status-removed';
        this.push(
          rule,
          key,
          `status.${br.status}`,
          label,
          `${label}: the ${br.status} response was removed.`,
          head.location,
          ev,
        );
        continue;
      }
      matched.add(hr);
      const at = hr.location ?? head.location;
      this.compareHeaders(ctx, br, hr, at, ev);
      this.compareContent(ctx, 'response', br.status, br.content, hr.content, at, ev);
    }
    for (const hr of head.responses) {
      if (matched.has(hr) || find(base.responses, hr.status) || rangeOf(base.responses, hr.status)) continue;
      if (/^\dXX$/i.test(hr.status) && base.responses.some((r) => r.status[0] === hr.status[0])) continue;
      this.push(
        'response-status-added',
        key,
        `status.${hr.status}`,
        label,
        `${label}: a ${hr.status} response was added.`,
        hr.location ?? head.location,
        mergeEvidence(evidenceOf(this.base, base), evidenceAt(this.head, head, hr.location)),
      );
    }
  }

  private compareHeaders(
    ctx: OpContext,
    br: Response,
    hr: Response,
    at: SourceLocation | undefined,
    ev: Evidence[],
  ): void {
    const { key, label } = ctx;
    const headByName = new Map(Object.entries(hr.headers).map(([n, h]) => [n.toLowerCase(), h]));
    for (const [name, h] of Object.entries(br.headers)) {
      const subject = `response.${br.status}.header.${name.toLowerCase()}`;
      const hh = headByName.get(name.toLowerCase());
      if (!hh) {
        this.push(
          h.required ? 'response-required-header-removed' : 'response-header-removed',
          key,
          subject,
          label,
          `${label}: the ${br.status} response no longer sends the${h.required ? ' required' : ''} \`${name}\` header.`,
          at,
          ev,
        );
        continue;
      }
      if (h.required && !hh.required)
        this.push(
          'response-header-became-optional',
          key,
          subject,
          label,
          `${label}: the ${br.status} response's \`${name}\` header is no longer always sent.`,
          at,
          ev,
        );
      for (const change of this.differ.compare(h.schema, hh.schema, 'response')) {
        const rule = responseRule(change);
        if (!rule) continue;
        this.push(
          rule,
          key,
          `${subject}${change.path ? `.${change.path}` : ''}#${change.keyword ?? change.kind}`,
          label,
          `${label}: the ${br.status} response's \`${name}\` header: ${describeChange(change)}.`,
          at,
          ev,
        );
      }
    }
  }

  private compareContent(
    ctx: OpContext,
    direction: Direction,
    status: string | undefined,
    bc: Record<string, MediaContent>,
    hc: Record<string, MediaContent>,
    at: SourceLocation | undefined,
    ev: Evidence[],
  ): void {
    const { key, label } = ctx;
    const where = direction === 'request' ? 'request body' : `${status} response`;
    const prefix = direction === 'request' ? 'request' : `response.${status}`;
    const bMedia = new Map(Object.entries(bc).map(([m, c]) => [normalizeMedia(m), c]));
    const hMedia = new Map(Object.entries(hc).map(([m, c]) => [normalizeMedia(m), c]));
    for (const [m, b] of bMedia) {
      // A wildcard that became a concrete type (`application/*` → `application/json`) is a narrowing, not a removal.
      const h =
        hMedia.get(m) ??
        (m === '*/*' ? undefined : hMedia.get('*/*')) ??
        (m.endsWith('/*') ? [...hMedia].find(([hm]) => mediaMatches(m, hm))?.[1] : undefined);
      if (!h) {
        const rule = direction === 'request' ? 'request-media-type-removed' : 'response-media-type-removed';
        this.push(
          rule,
          key,
          `${prefix}.media.${m}`,
          label,
          `${label}: the ${where} no longer ${direction === 'request' ? 'accepts' : 'offers'} ${m}.`,
          at,
          ev,
        );
        continue;
      }
      if (b.schema && h.schema) this.compareBodySchema(ctx, direction, prefix, where, b.schema, h.schema, at, ev);
      else if (direction === 'request' && !b.schema && h.schema && !isFreeForm(h.schema))
        this.push(
          'request-media-type-schema-added',
          key,
          `${prefix}.media.${m}#schema`,
          label,
          `${label}: the ${where} as ${m} now has a schema; bodies that were accepted as anything may be rejected.`,
          at,
          ev,
        );
      else if (direction === 'response' && b.schema && !h.schema && !isFreeForm(b.schema))
        this.push(
          'response-media-type-schema-removed',
          key,
          `${prefix}.media.${m}#schema`,
          label,
          `${label}: the ${where} as ${m} no longer documents its schema.`,
          at,
          ev,
        );
    }
    for (const m of hMedia.keys()) {
      if (bMedia.has(m)) continue;
      const rule = direction === 'request' ? 'request-media-type-added' : 'response-media-type-added';
      this.push(
        rule,
        key,
        `${prefix}.media.${m}`,
        label,
        `${label}: the ${where} now ${direction === 'request' ? 'accepts' : 'offers'} ${m}.`,
        at,
        ev,
      );
    }
  }

  private compareBodySchema(
    ctx: OpContext,
    direction: Direction,
    prefix: string,
    where: string,
    b: Schema,
    h: Schema,
    at: SourceLocation | undefined,
    ev: Evidence[],
  ): void {
    for (const change of this.differ.compare(b, h, direction)) {
      if (change.kind === 'deprecated' || change.kind === 'sunset-changed' || change.kind === 'stability-changed')
        this.pushPropertyLifecycle(ctx, prefix, where, change, at, ev);
      const rule = direction === 'request' ? requestRule(change) : responseRule(change);
      if (!rule) continue;
      const loc = change.head?.location ?? at;
      const field = change.path ? `\`${change.path}\`` : 'the body';
      const hl = change.head?.location;
      const evidence: Evidence[] =
        hl && !ev.some((e) => e.source === 'documented' && e.file === hl.file && e.line === hl.line)
          ? [...ev, { source: 'documented', file: hl.file, line: hl.line }]
          : ev;
      const message = `${ctx.label}: ${field} in the ${where}: ${describeChange(change)}.`;
      if (change.schema && !this.options.perOperation) {
        this.pushShared(rule, { ...change, schema: change.schema }, ctx, message, loc, evidence);
        continue;
      }
      this.push(
        rule,
        ctx.key,
        `${prefix}.${change.path}#${change.keyword ?? change.kind}`,
        ctx.label,
        message,
        loc,
        evidence,
      );
    }
  }

  /** A property's sunset and stability, judged like an operation's (one verdict per property and rule). */
  private pushPropertyLifecycle(
    ctx: OpContext,
    prefix: string,
    where: string,
    change: SchemaChange,
    at: SourceLocation | undefined,
    ev: Evidence[],
  ): void {
    if (!change.base || !change.head) return;
    const side = (s: Schema, surface: ApiSurface): LifecycleSide => {
      const r = resolveSchema(surface, s);
      return { deprecated: (s.deprecated ?? r.deprecated) === true, extensions: s.extensions ?? r.extensions };
    };
    this.pushLifecycle(
      side(change.base, this.base),
      side(change.head, this.head),
      ctx.key,
      `${prefix}.${change.path}`,
      ctx.label,
      `${ctx.label}: \`${change.path}\` in the ${where}`,
      change.head.location ?? at,
      ev,
    );
  }

  private compareSecurity(ctx: OpContext): void {
    const { base, head, key, label } = ctx;
    const ev = mergeEvidence(evidenceOf(this.base, base), evidenceOf(this.head, head));
    const bPublic = isPublic(base);
    const hPublic = isPublic(head);
    if (bPublic && !hPublic && head.securityFromRoot) {
      // One finding for the document's root `security`, however many operations inherit it.
      this.push(
        'security-added-at-root',
        '*',
        'security-root',
        label,
        `The document's root security (${(head.security ?? []).map(securityKey).join(' or ')}) now applies to operations that were public, starting with ${label}.`,
        head.location,
        ev,
      );
      return;
    }
    if (bPublic && !hPublic) {
      this.push(
        'security-added',
        key,
        'security',
        label,
        `${label} now requires authentication (${(head.security ?? []).map(securityKey).join(' or ')}); anonymous calls will fail.`,
        head.location,
        ev,
      );
      return;
    }
    if (!bPublic && hPublic) {
      this.push(
        'security-removed',
        key,
        'security',
        label,
        `${label} no longer requires authentication; check that exposing it is intended.`,
        head.location,
        ev,
      );
      return;
    }
    if (bPublic && hPublic) return;
    const bAlts = new Map((base.security ?? []).map((a) => [securityKey(a), a]));
    const hAlts = new Map((head.security ?? []).map((a) => [securityKey(a), a]));
    for (const [k, b] of bAlts) {
      const h = hAlts.get(k);
      if (!h) {
        this.push(
          'security-scheme-removed',
          key,
          `security.${k}`,
          label,
          `${label}: authenticating with ${k} is no longer accepted.`,
          head.location,
          ev,
        );
        continue;
      }
      for (const [scheme, scopes] of Object.entries(h)) {
        const before = new Set(b[scheme] ?? []);
        const after = new Set(scopes);
        const added = scopes.filter((s) => !before.has(s));
        const removed = [...before].filter((s) => !after.has(s));
        if (added.length > 0)
          this.push(
            'security-scope-added',
            key,
            `security.${k}.${scheme}+${added.join(',')}`,
            label,
            `${label}: ${scheme} now also requires the scope${added.length > 1 ? 's' : ''} ${added.join(', ')}.`,
            head.location,
            ev,
          );
        if (removed.length > 0)
          this.push(
            'security-scope-removed',
            key,
            `security.${k}.${scheme}-${removed.join(',')}`,
            label,
            `${label}: ${scheme} no longer requires ${removed.join(', ')}.`,
            head.location,
            ev,
          );
      }
    }
    for (const k of hAlts.keys()) {
      if (!bAlts.has(k))
        this.push(
          'security-scheme-added',
          key,
          `security.${k}`,
          label,
          `${label}: authenticating with ${k} is now accepted too.`,
          head.location,
          ev,
        );
    }
  }
}

function operationSide(op: Operation): LifecycleSide {
  return { deprecated: op.deprecated === true, extensions: op.extensions };
}

function parameterSide(p: Parameter): LifecycleSide {
  return { deprecated: p.deprecated === true, extensions: p.extensions };
}

/** A schema that says nothing (`{}`, `type: object` alone): documenting it constrains no body. */
function isFreeForm(s: Schema): boolean {
  return (
    s.$ref === undefined &&
    s.properties === undefined &&
    s.items === undefined &&
    s.enum === undefined &&
    s.oneOf === undefined &&
    s.anyOf === undefined &&
    s.allOf === undefined &&
    (s.type === undefined || (s.type.length === 1 && s.type[0] === 'object'))
  );
}

function schemeDifference(b: SecurityScheme, h: SecurityScheme): string | undefined {
  if (b.type !== h.type) return `type ${b.type} → ${h.type}`;
  if (b.type === 'http' && (b.scheme ?? '') !== (h.scheme ?? '')) return `HTTP scheme ${b.scheme} → ${h.scheme}`;
  if (b.type === 'apiKey' && (b.in !== h.in || b.name !== h.name))
    return `API key ${b.in} \`${b.name}\` → ${h.in} \`${h.name}\``;
  if (b.type === 'oauth2') {
    const removed = (b.scopes ?? []).filter((s) => !(h.scopes ?? []).includes(s));
    if (removed.length > 0) return `scopes ${removed.join(', ')} removed`;
  }
  return undefined;
}

/** Whether a parameter's new type set is just `string`: every value travels as text, so any old value still parses. */
function becameString(c: SchemaChange): boolean {
  const types = c.head?.type?.filter((t) => t !== 'null');
  return types?.length === 1 && types[0] === 'string';
}

/** 2020-12 assertions: whether the change makes the schema accept fewer values (prefixItems counts the other way). */
function tightens(c: SchemaChange): boolean {
  if (c.kind === 'assertion-added') return c.keyword !== 'prefixItems';
  return c.kind === 'assertion-removed' && c.keyword === 'prefixItems';
}

function parameterRule(c: SchemaChange): RuleId | undefined {
  switch (c.kind) {
    case 'type-changed':
      // Query, path, header and cookie values are text on the wire (oasdiff's "not strongly typed"): a type that
      // became `string` still accepts what clients sent.
      if (c.relation === 'widened' || (c.relation === 'changed' && becameString(c))) return 'parameter-type-widened';
      return c.path && c.relation === 'changed' ? 'parameter-property-type-changed' : 'parameter-type-changed';
    case 'nullable-removed':
      return 'parameter-became-non-nullable';
    case 'enum-narrowed':
    case 'const-changed':
      return c.kind === 'const-changed' && c.presence === 'removed'
        ? 'parameter-enum-widened'
        : 'parameter-enum-narrowed';
    case 'enum-widened':
      return 'parameter-enum-widened';
    case 'format-changed':
      if (c.relation === 'widened') return c.presence === 'removed' ? undefined : 'parameter-type-widened';
      return 'parameter-format-changed';
    case 'range-narrowed':
      return c.presence === 'added' ? 'parameter-range-set' : 'parameter-range-narrowed';
    case 'range-widened':
      return 'parameter-range-widened';
    case 'pattern-changed':
      if (c.presence === 'removed') return undefined;
      return c.presence === 'added' ? 'parameter-pattern-added' : 'parameter-pattern-changed';
    case 'default-changed':
      return 'parameter-default-changed';
    case 'branch-removed':
      return c.path ? undefined : 'parameter-type-changed';
    case 'branch-added':
      return c.path ? undefined : 'parameter-type-widened';
    case 'property-added':
      return c.required ? 'parameter-property-became-required' : undefined;
    case 'required-added':
      return 'parameter-property-became-required';
    default:
      return undefined;
  }
}

function requestRule(c: SchemaChange): RuleId | undefined {
  switch (c.kind) {
    case 'property-added':
      return c.required ? 'request-field-added-required' : 'request-field-added-optional';
    case 'property-removed':
      return 'request-field-removed';
    case 'required-added':
      return 'request-field-became-required';
    case 'required-removed':
      return 'request-field-became-optional';
    case 'type-changed':
      return c.relation === 'widened' ? 'request-field-type-widened' : 'request-field-type-changed';
    case 'nullable-added':
      return 'request-field-became-nullable';
    case 'nullable-removed':
      return 'request-field-became-non-nullable';
    case 'enum-narrowed':
      return 'request-field-enum-narrowed';
    case 'const-changed':
      return c.presence === 'removed' ? 'request-field-enum-widened' : 'request-field-enum-narrowed';
    case 'enum-widened':
      return 'request-field-enum-widened';
    case 'format-changed':
      if (c.relation === 'widened') return c.presence === 'removed' ? undefined : 'request-field-type-widened';
      return 'request-field-format-changed';
    case 'range-narrowed':
      return c.presence === 'added' ? 'request-field-range-set' : 'request-field-range-narrowed';
    case 'range-widened':
      return 'request-field-range-widened';
    case 'pattern-changed':
      if (c.presence === 'removed') return undefined;
      return c.presence === 'added' ? 'request-field-pattern-added' : 'request-field-pattern-changed';
    case 'default-changed':
      return c.presence === 'changed' ? 'request-field-default-changed' : undefined;
    case 'additional-properties-disallowed':
      return 'request-additional-properties-disallowed';
    case 'additional-properties-allowed':
      return 'request-additional-properties-allowed';
    case 'branch-removed':
      return 'request-schema-branch-removed';
    case 'branch-added':
      return 'request-schema-branch-added';
    case 'wrapped-in-one-of':
      return 'request-schema-wrapped-in-one-of';
    case 'all-of-added':
      return 'request-schema-all-of-added';
    case 'all-of-removed':
      return 'request-schema-all-of-removed';
    case 'assertion-added':
    case 'assertion-removed':
      return tightens(c) ? 'request-field-constraint-tightened' : 'request-field-constraint-relaxed';
    case 'assertion-changed':
      return 'request-field-constraint-changed';
    case 'deprecated':
      return 'field-deprecated';
    default:
      return undefined;
  }
}

function responseRule(c: SchemaChange): RuleId | undefined {
  switch (c.kind) {
    case 'property-added':
      return 'response-field-added';
    case 'property-removed':
      return c.required ? 'response-field-removed' : 'response-optional-field-removed';
    case 'required-added':
      return 'response-field-became-required';
    case 'required-removed':
      return 'response-field-became-optional';
    case 'type-changed':
      return c.relation === 'narrowed' ? 'response-field-type-narrowed' : 'response-field-type-changed';
    case 'nullable-added':
      return 'response-field-became-nullable';
    case 'nullable-removed':
      return 'response-field-became-non-nullable';
    case 'enum-widened':
      return 'response-field-enum-widened';
    case 'enum-narrowed':
      return 'response-field-enum-narrowed';
    case 'const-changed':
      return 'response-field-const-changed';
    case 'format-changed':
      if (c.relation === 'narrowed') return c.presence === 'added' ? undefined : 'response-field-type-narrowed';
      return 'response-field-format-changed';
    case 'range-widened':
      return 'response-field-range-widened';
    case 'branch-added':
      return 'response-schema-branch-added';
    case 'branch-removed':
      return 'response-schema-branch-removed';
    case 'wrapped-in-one-of':
      return 'response-schema-wrapped-in-one-of';
    case 'assertion-added':
    case 'assertion-removed':
      return tightens(c) ? 'response-field-constraint-tightened' : 'response-field-constraint-relaxed';
    case 'assertion-changed':
      return 'response-field-constraint-changed';
    case 'deprecated':
      return 'field-deprecated';
    case 'write-only-removed':
      return 'response-field-no-longer-write-only';
    default:
      return undefined;
  }
}

function describeChange(c: SchemaChange): string {
  switch (c.kind) {
    case 'property-added':
      return `${c.required ? 'required' : 'optional'} field added`;
    case 'property-removed':
      return `${c.required ? 'required' : 'optional'} field removed`;
    case 'required-added':
      return 'became required';
    case 'required-removed':
      return 'became optional';
    case 'type-changed':
      return `type ${c.detail}`;
    case 'nullable-added':
      return 'may now be null';
    case 'nullable-removed':
      return 'may no longer be null';
    case 'enum-widened':
      return `enum values added: ${c.detail}`;
    case 'enum-narrowed':
      return `${c.keyword === 'x-extensible-enum' ? 'x-extensible-enum' : 'enum'} values removed: ${c.detail}`;
    case 'const-changed':
      return c.detail;
    case 'format-changed':
      return `format ${c.detail}`;
    case 'range-narrowed':
      return `bound ${c.presence === 'added' ? 'set' : 'tightened'}: ${c.detail}`;
    case 'range-widened':
      return `bound ${c.presence === 'removed' ? 'removed' : 'relaxed'}: ${c.detail}`;
    case 'pattern-changed':
      return `pattern ${c.detail}`;
    case 'default-changed':
      return `default ${c.detail}`;
    case 'additional-properties-disallowed':
    case 'additional-properties-allowed':
      return c.detail;
    case 'branch-added':
      return `alternative ${c.detail} added`;
    case 'branch-removed':
      return `alternative ${c.detail} removed`;
    case 'wrapped-in-one-of':
      return `moved under a new oneOf (${c.detail})`;
    case 'all-of-added':
      return `allOf member ${c.detail} added`;
    case 'all-of-removed':
      return `allOf member ${c.detail} removed`;
    case 'assertion-added':
      return `\`${c.keyword}\` added`;
    case 'assertion-removed':
      return `\`${c.keyword}\` removed`;
    case 'assertion-changed':
      return `\`${c.keyword}\` changed`;
    case 'deprecated':
      return 'deprecated';
    case 'write-only-removed':
      return 'required field no longer write-only: now returned';
    case 'sunset-changed':
    case 'stability-changed':
      return `${c.keyword} ${c.detail}`;
  }
}

/**
 * Change findings between two versions of a documented API (base → head of a pull request), each classed
 * breaking / potentially-breaking / safe with the direction of data in mind: what a client sends (parameters, request
 * bodies) may only get looser, what it receives (responses) may only get tighter. Pure refactors (`$ref` ↔ inline,
 * `allOf` splits, 3.0 ↔ 3.1 nullability, descriptions, key order) compare equal and give nothing.
 */
export function compareChanges(base: ApiSurface, head: ApiSurface, options: ChangeOptions = {}): Finding[] {
  return new ChangeComparison(base, head, options).run();
}

/** Counts of a change run, for changelog headers. */
export function countChanges(findings: readonly Finding[]): string {
  const n = (cls: string) => findings.filter((f) => f.class === cls).length;
  return `${plural(n('breaking'), 'breaking change')}, ${n('potentially-breaking')} potentially breaking, ${n('safe')} safe`;
}
