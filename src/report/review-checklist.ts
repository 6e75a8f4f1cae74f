import {
  type ApiSurface,
  type Finding,
  type Inventory,
  type InventoryOperation,
  type Operation,
  operationKey,
  pathParamNames,
  walkSchemaProperties,
} from '../model/index.js';

/** Request fields a client should not be able to set: identity, ownership, privilege and audit fields. */
export const MASS_ASSIGNMENT_FIELDS = [
  'id',
  'uuid',
  'role',
  'roles',
  'isAdmin',
  'admin',
  'permissions',
  'scopes',
  'ownerId',
  'userId',
  'accountId',
  'tenantId',
  'orgId',
  'createdAt',
  'updatedAt',
  'deletedAt',
  'createdBy',
  'verified',
  'emailVerified',
  'balance',
  'status',
] as const;

const MASS_ASSIGNMENT = new Set(MASS_ASSIGNMENT_FIELDS.map((f) => f.toLowerCase().replace(/[_-]/g, '')));

/** One item of the design-review checklist. */
export interface ReviewItem {
  /** OWASP API Security Top 10 (2023) id. */
  owasp: 'API1:2023' | 'API2:2023' | 'API3:2023' | 'API5:2023';
  title: string;
  detail: string;
}

/** The checklist of one new or changed operation. */
export interface OperationReview {
  operation: string;
  /** How the change touched it in the code (`new in the code`, `auth changed in the code`), when it did. */
  change?: string;
  items: ReviewItem[];
}

/** An operation a change added to, or changed in, the implemented view (the change analysis' `codeChanges`). */
export interface ReviewedCodeChange {
  operation: string;
  kind: 'added' | 'changed';
  parts: readonly string[];
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function findOperation(
  surfaces: readonly ApiSurface[],
  key: string,
): { surface: ApiSurface; op: Operation } | undefined {
  for (const surface of surfaces) {
    for (const op of surface.operations) {
      if (operationKey(op.method, op.path, surface.basePath) === key) return { surface, op };
    }
  }
  return undefined;
}

/** Paths of the request body's writable fields whose name passes `keep` (every media type, `$ref`s followed). */
function writableBodyFields(
  found: { surface: ApiSurface; op: Operation } | undefined,
  keep: (name: string) => boolean,
): string[] {
  const body = found?.op.requestBody;
  if (!body || !found) return [];
  const hits = new Set<string>();
  for (const media of Object.values(body.content)) {
    if (!media.schema) continue;
    walkSchemaProperties(found.surface, media.schema, (path, schema, _parent, name) => {
      if (!schema.readOnly && keep(name)) hits.add(path);
    });
  }
  return [...hits].sort();
}

function requestFieldsClientShouldNotSet(found: { surface: ApiSurface; op: Operation } | undefined): string[] {
  return writableBodyFields(found, (name) => MASS_ASSIGNMENT.has(name.toLowerCase().replace(/[_-]/g, '')));
}

/** Path parameters that choose a representation or a version, not an object. */
const NOT_AN_OBJECT = /^(v|version|api[_-]?version|lang|language|locale|format|ext|extension)$/i;

/** The path parameters of a template that address an object (`{userId}`, `{id}`, `{slug}`). */
function objectIdsInPath(path: string): string[] {
  return pathParamNames(path).filter((name) => !NOT_AN_OBJECT.test(name));
}

/** A body field that names another object by id: `id`, `ownerId`, `account_id`, `userIds`. */
const ID_SUFFIX = /(^|[a-z0-9])(Id|Ids|ID|IDs|Uuid)$|_(id|ids|uuid)$/;

function objectIdsInBody(found: { surface: ApiSurface; op: Operation } | undefined): string[] {
  return writableBodyFields(found, (name) => /^(id|uuid)$/i.test(name) || ID_SUFFIX.test(name));
}

/** A path segment, operation id or tag that names an administrative function. */
const ADMIN_WORD =
  /^(admin|admins|administration|administrator|internal|manage|management|staff|superuser|sudo|backoffice|back-office|moderation|moderator|ops|root|system)$/i;

function adminMarks(op: Operation | undefined, path: string): string[] {
  const marks: string[] = [];
  for (const segment of path.split('/')) if (ADMIN_WORD.test(segment)) marks.push(`\`/${segment}\` in the path`);
  for (const tag of op?.tags ?? []) if (ADMIN_WORD.test(tag)) marks.push(`tag \`${tag}\``);
  if (op?.operationId && /admin|internal|superuser|staff/i.test(op.operationId))
    marks.push(`operation id \`${op.operationId}\``);
  return marks;
}

/** The code's auth of an operation as one clause, citing the guard and its line: what a reviewer checks first. */
function codeAuthClause(op: Operation | undefined): string {
  const auth = op?.auth;
  if (op === undefined) return 'the code view does not serve it';
  if (auth === undefined) return 'the code says nothing about its auth';
  const guards = auth.evidence.map((e) => `\`${e.what}\` at ${e.file}:${e.line}`);
  const state =
    auth.state === 'unknown'
      ? `unknown (${auth.reason ?? 'a guard could not be followed'})`
      : auth.state === 'none'
        ? 'none: no guard on the way to the handler'
        : auth.state;
  return `code auth ${state}${guards.length > 0 ? ` via ${guards.join(', ')}` : ''}`;
}

/** The BOLA question, sharpened by whether the handler reads the signed-in caller at all (`auth.principal`). */
function ownershipQuestion(op: Operation | undefined, verb: string): string {
  const principal = op?.auth?.principal;
  if (principal === null)
    return `The handler never reads the signed-in caller: unless a service it calls does, nothing stops one caller from ${verb === 'read' ? 'reading' : 'changing'} another's object. Where is ownership checked?`;
  if (principal !== undefined)
    return `The handler reads the caller (\`${principal.what}\` at ${principal.file}:${principal.line}): does it compare them with the object's owner, tenant or share before it ${verb === 'read' ? 'answers' : 'writes'}?`;
  return `Does the handler check that the caller may ${verb} *this* object (its owner, tenant or share), not only that they are signed in?`;
}

/** Roles and scopes either view demands of the caller. */
function privileges(doc: Operation | undefined, code: Operation | undefined): string[] {
  const seen = new Set<string>();
  for (const alt of doc?.security ?? []) for (const scopes of Object.values(alt)) for (const s of scopes) seen.add(s);
  for (const s of code?.auth?.scopes ?? []) seen.add(s);
  for (const r of code?.auth?.roles ?? []) seen.add(r);
  return [...seen].sort();
}

function list(values: readonly string[], max = 6): string {
  const shown = values.slice(0, max).map((v) => `\`${v}\``);
  return values.length > max ? `${shown.join(', ')} and ${values.length - max} more` : shown.join(', ');
}

/**
 * The design-review checklist of a pull request: for each new or changed operation, the questions its shape raises
 * and no diff can settle, drawn only from what the change shows:
 * - API1 (object-level authorization, BOLA): an object id in the path or the request body — may this caller read or
 *   change *this* object? — citing the id, the code's guard and the roles or scopes seen;
 * - API5 (function-level authorization, BFLA): an administrative function (`/admin` in the path, an admin tag) — is
 *   there a role or scope check, and the right one?
 * - API3 (property-level exposure): response fields the doc does not list; request fields a client should not set
 *   (mass assignment);
 * - API2 (authentication): no auth, auth removed by the change, or observed answering without credentials.
 * Operations that raise none of these are left out, and so is every operation the change does not touch.
 */
export function buildReviewChecklist(params: {
  /** `METHOD /path` of each new or changed operation in the docs. */
  operations: readonly string[];
  /** Operations the change added to or changed in the code, named by the docs. */
  codeChanges?: readonly ReviewedCodeChange[];
  inventory: Inventory;
  surfaces: readonly ApiSurface[];
  /** The head's implemented view lined up with the docs: the code's auth of each operation. */
  implemented?: ApiSurface;
  /** Change and drift findings at head, by operation. */
  findings: readonly Finding[];
}): OperationReview[] {
  const inventoryByKey = new Map<string, InventoryOperation>();
  for (const op of params.inventory.operations) inventoryByKey.set(operationKey(op.method, op.path), op);
  const codeNotes = new Map<string, string>();
  for (const c of params.codeChanges ?? []) {
    const key = safeKey(c.operation);
    if (key === undefined || codeNotes.has(key)) continue;
    codeNotes.set(key, c.kind === 'added' ? 'new in the code' : `${c.parts.join(', ')} changed in the code`);
  }
  const reviews: OperationReview[] = [];
  const seen = new Set<string>();
  for (const label of [...params.operations, ...(params.codeChanges ?? []).map((c) => c.operation)]) {
    const space = label.indexOf(' ');
    if (space < 0) continue;
    const key = operationKey(label.slice(0, space), label.slice(space + 1));
    if (seen.has(key)) continue;
    seen.add(key);
    const inv = inventoryByKey.get(key);
    const found = findOperation(params.surfaces, key);
    const code = params.implemented ? findOperation([params.implemented], key) : undefined;
    const doc = found?.surface.source === 'documented' ? found.op : undefined;
    // A shared-schema change concerns every operation it lists, not only the first one it is filed under.
    const mine = params.findings.filter((f) =>
      (f.operations ?? [f.operation]).some((op) => op === label || safeKey(op) === key),
    );
    const items: ReviewItem[] = [];
    const method = label.slice(0, space).toUpperCase();
    const path = label.slice(space + 1);
    const demanded = privileges(doc, code?.op);
    const privilegeClause =
      demanded.length > 0 ? `; roles or scopes demanded: ${list(demanded)}` : '; no role or scope recognised';

    const responsePii = (inv?.pii ?? []).filter((p) => p.field.startsWith('response.'));
    const pathIds = objectIdsInPath(path);
    const bodyIds = WRITE_METHODS.has(method) ? objectIdsInBody(found ?? code) : [];
    if (pathIds.length > 0 || bodyIds.length > 0) {
      const ids = [
        ...(pathIds.length > 0 ? [`${list(pathIds)} in the path`] : []),
        ...(bodyIds.length > 0 ? [`${list(bodyIds)} in the body`] : []),
      ].join(' and ');
      const pii =
        responsePii.length > 0
          ? ` It returns ${responsePii.some((p) => p.phi) ? 'PHI' : 'PII'} (${list(responsePii.map((p) => p.field.split('.').slice(2).join('.')))}).`
          : '';
      const verb = method === 'GET' || method === 'HEAD' ? 'read' : 'change';
      items.push({
        owasp: 'API1:2023',
        title: 'Object-level authorization',
        detail: `takes ${ids}; ${codeAuthClause(code?.op)}${privilegeClause}.${pii} ${ownershipQuestion(code?.op, verb)}`,
      });
    }

    const admin = adminMarks(doc ?? code?.op, path);
    if (admin.length > 0) {
      items.push({
        owasp: 'API5:2023',
        title: 'Function-level authorization',
        detail: `looks administrative (${admin.join(', ')}); ${codeAuthClause(code?.op)}${privilegeClause}. ${demanded.length > 0 ? 'Is that the privilege this function needs, on every route to it?' : 'Can an ordinary signed-in user call it?'}`,
      });
    }

    const undocumented = mine
      .filter((f) => f.rule === 'undocumented-response-field' || f.rule === 'undocumented-pii')
      .map((f) => f.message);
    const undocumentedPii = (inv?.pii ?? []).filter((p) => p.field.startsWith('response.') && p.documented === false);
    if (undocumented.length > 0 || undocumentedPii.length > 0) {
      const fields = undocumentedPii.map((p) => p.field.split('.').slice(2).join('.'));
      items.push({
        owasp: 'API3:2023',
        title: 'Property-level exposure',
        detail: `responses carry fields the doc does not list${fields.length > 0 ? ` (${list(fields)})` : ''}: is each one meant to leave the service, for every caller?`,
      });
    }

    if (WRITE_METHODS.has(method)) {
      const risky = requestFieldsClientShouldNotSet(found);
      if (risky.length > 0) {
        items.push({
          owasp: 'API3:2023',
          title: 'Mass assignment',
          detail: `the request body accepts ${list(risky)}: should a client be able to set these? Bind an allow-list or mark them \`readOnly\`.`,
        });
      }
    }

    const authRemoved = mine.some(
      (f) => f.rule === 'security-removed' || f.rule === 'auth-drift' || f.rule === 'pii-without-auth',
    );
    // The docs declaring nothing for a route the code guards is `auth-undocumented`, not a question of intent.
    const codeGuarded = code?.op.auth?.state === 'required';
    const publicOp = inv !== undefined && inv.security.length === 0 && !codeGuarded;
    const openCalls = inv?.observedWithoutAuth ?? 0;
    if (authRemoved || publicOp || openCalls > 0) {
      const why = authRemoved
        ? 'this change removes or weakens its authentication'
        : openCalls > 0
          ? `it was observed answering ${openCalls} call${openCalls === 1 ? '' : 's'} without credentials`
          : 'no authentication is declared for it';
      items.push({
        owasp: 'API2:2023',
        title: 'Authentication',
        detail: `${why}: is it meant to be public${responsePii.length > 0 ? ', given it returns personal data' : ''}?`,
      });
    }
    const change = codeNotes.get(key);
    if (items.length > 0) reviews.push({ operation: label, ...(change ? { change } : {}), items });
  }
  return reviews;
}

function safeKey(label: string): string | undefined {
  const space = label.indexOf(' ');
  return space < 0 ? undefined : operationKey(label.slice(0, space), label.slice(space + 1));
}

/** The checklist as Markdown task lists, one section per operation. */
export function renderReviewChecklist(reviews: readonly OperationReview[]): string {
  if (reviews.length === 0) return '';
  const parts = [
    '### Design review',
    '',
    'Questions this change raises that no diff can settle (OWASP API Security Top 10, 2023):',
    '',
  ];
  for (const review of reviews) {
    parts.push(`**\`${review.operation}\`**${review.change ? ` (${review.change})` : ''}`);
    for (const item of review.items) parts.push(`- [ ] **${item.title}** (${item.owasp}): ${item.detail}`);
    parts.push('');
  }
  return parts.join('\n').trimEnd();
}
