import {
  type ApiSurface,
  type Finding,
  type Inventory,
  type InventoryOperation,
  type Operation,
  operationKey,
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
  owasp: 'API1:2023' | 'API2:2023' | 'API3:2023';
  title: string;
  detail: string;
}

/** The checklist of one new or changed operation. */
export interface OperationReview {
  operation: string;
  items: ReviewItem[];
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

function requestFieldsClientShouldNotSet(found: { surface: ApiSurface; op: Operation } | undefined): string[] {
  const body = found?.op.requestBody;
  if (!body || !found) return [];
  const hits = new Set<string>();
  for (const media of Object.values(body.content)) {
    if (!media.schema) continue;
    walkSchemaProperties(found.surface, media.schema, (path, schema, _parent, name) => {
      if (schema.readOnly) return;
      if (MASS_ASSIGNMENT.has(name.toLowerCase().replace(/[_-]/g, ''))) hits.add(path);
    });
  }
  return [...hits].sort();
}

function isIdAddressed(path: string): boolean {
  return /\{[^}]+\}/.test(path);
}

function list(values: readonly string[], max = 6): string {
  const shown = values.slice(0, max).map((v) => `\`${v}\``);
  return values.length > max ? `${shown.join(', ')} and ${values.length - max} more` : shown.join(', ');
}

/**
 * The design-review checklist of a pull request: for each new or changed operation, the questions its shape raises
 * and no diff can settle, drawn only from what the change shows:
 * - API1 (object-level authorization): an id in the path and PII in the response;
 * - API3 (property-level exposure): response fields the doc does not list; request fields a client should not set
 *   (mass assignment);
 * - API2 (authentication): no auth, auth removed by the change, or observed answering without credentials.
 * Operations that raise none of these are left out.
 */
export function buildReviewChecklist(params: {
  /** `METHOD /path` of each new or changed operation. */
  operations: readonly string[];
  inventory: Inventory;
  surfaces: readonly ApiSurface[];
  /** Change and drift findings at head, by operation. */
  findings: readonly Finding[];
}): OperationReview[] {
  const inventoryByKey = new Map<string, InventoryOperation>();
  for (const op of params.inventory.operations) inventoryByKey.set(operationKey(op.method, op.path), op);
  const reviews: OperationReview[] = [];
  const seen = new Set<string>();
  for (const label of params.operations) {
    const space = label.indexOf(' ');
    if (space < 0) continue;
    const key = operationKey(label.slice(0, space), label.slice(space + 1));
    if (seen.has(key)) continue;
    seen.add(key);
    const inv = inventoryByKey.get(key);
    const found = findOperation(params.surfaces, key);
    // A shared-schema change concerns every operation it lists, not only the first one it is filed under.
    const mine = params.findings.filter((f) =>
      (f.operations ?? [f.operation]).some((op) => op === label || safeKey(op) === key),
    );
    const items: ReviewItem[] = [];
    const method = label.slice(0, space).toUpperCase();
    const path = label.slice(space + 1);

    const responsePii = (inv?.pii ?? []).filter((p) => p.field.startsWith('response.'));
    if (isIdAddressed(path) && responsePii.length > 0) {
      items.push({
        owasp: 'API1:2023',
        title: 'Object-level authorization',
        detail: `addressed by an id in the path and returns ${responsePii.some((p) => p.phi) ? 'PHI' : 'PII'} (${list(responsePii.map((p) => p.field.split('.').slice(2).join('.')))}): does the handler check that the caller may access *this* record, not only that they are signed in?`,
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
    const publicOp = inv !== undefined && inv.security.length === 0;
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
    if (items.length > 0) reviews.push({ operation: label, items });
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
    parts.push(`**\`${review.operation}\`**`);
    for (const item of review.items) parts.push(`- [ ] **${item.title}** (${item.owasp}): ${item.detail}`);
    parts.push('');
  }
  return parts.join('\n').trimEnd();
}
