import type { ChangeClass, NoticeReason, Severity } from '../model/index.js';

/**
 * What a rule belongs to: drift (documented vs implemented/observed), change (base vs head), input (a file that
 * could not be read) or PII (personal data exposure).
 */
export type RuleFamily = 'drift' | 'change' | 'input' | 'pii';

/** The families in the order docs/rules.md lists them. */
export const RULE_FAMILIES: readonly RuleFamily[] = ['drift', 'input', 'change', 'pii'];

/** One rule of the catalogue: everything reports, SARIF and docs/rules.md say about it. */
export interface RuleInfo {
  family: RuleFamily;
  severity: Severity;
  class: ChangeClass | null;
  /** One line for reports, SARIF `shortDescription` and docs/rules.md (no final period). */
  summary: string;
  /** Markdown help (a before/after example): docs/rules.md and SARIF `rules[].help` are generated from it. */
  help: string;
  /**
   * Change family: the oasdiff checks (`checker/rules.go` ids) this rule answers for. The rule's class matches their
   * level (ERR = breaking, WARN = potentially-breaking, INFO = safe) unless its help says why not.
   */
  oasdiff?: readonly string[];
}

/** Help text is written with a leading and trailing newline for legibility; the catalogue keeps it trimmed. */
const rule =
  (family: RuleFamily, klass: ChangeClass | null) =>
  (severity: Severity, summary: string, help: string, oasdiff?: readonly string[]): RuleInfo => ({
    family,
    severity,
    class: klass,
    summary,
    help: help.replace(/^\n+|\n+$/g, ''),
    ...(oasdiff ? { oasdiff } : {}),
  });
const drift = rule('drift', null);
const input = rule('input', null);
const pii = rule('pii', null);
const breaking = rule('change', 'breaking');
const potentially = rule('change', 'potentially-breaking');
const safe = rule('change', 'safe');

/**
 * Every rule id Specwatch emits, with its default severity, class, summary and help. Ids are stable: reports,
 * dismissals and user config name them. docs/rules.md is generated from this table (`npm run docs:rules`); a test
 * fails when it is stale.
 */
export const RULES = {
  // Drift family.
  'undocumented-operation': drift(
    'high',
    'The code or traffic has an operation the documentation lacks',
    `
Before (doc):

\`\`\`yaml
paths:
  /appointments/{id}:
    get: …
\`\`\`

After (code):

\`\`\`ts
// src/routes/appointments.ts
router.post('/:id/cancel', cancel)   // no such path in the doc
\`\`\`
`,
  ),
  'base-path-mismatch': drift(
    'medium',
    'The code serves the documented paths under a prefix the documentation does not declare',
    `
The documented paths line up with the code's routes only under one extra leading prefix (a gateway or deployment
prefix the docs leave out). Specwatch aligns the two views by that prefix, reports it once, and compares the aligned
operations field by field instead of reporting each one undocumented and unimplemented. A prefix is only taken when
no operation lines up without it, it lines up at least two and a clear majority of them, and no other prefix lines
up as many; otherwise the views stay as declared. Set \`code.basePath\` or declare the server to silence it.

Before (doc):

\`\`\`yaml
servers:
  - url: https://shop.example.com/v1
paths:
  /products: …
\`\`\`

After (code):

\`\`\`go
v1 := r.Group("/ecommerce/v1")   // clients following the docs call /v1/products
v1.GET("/products", listProducts)
\`\`\`
`,
  ),
  'unimplemented-operation': drift(
    'medium',
    'The documentation has an operation the code does not serve',
    `
Before (doc):

\`\`\`yaml
paths:
  /practitioners/{id}:
    delete: …
\`\`\`

After (code):

\`\`\`ts
// no router.delete('/:id') anywhere in the code
\`\`\`
`,
  ),
  'unobserved-operation': drift(
    'info',
    'A documented operation never appeared in the traffic',
    `
Before (doc):

\`\`\`yaml
paths:
  /reports:
    get: …
\`\`\`

After (traffic):

\`\`\`yaml
# 30 days of captures: no GET /reports
\`\`\`
`,
  ),
  'undocumented-parameter': drift(
    'medium',
    'The code or traffic uses a parameter the documentation lacks',
    `
Before (doc):

\`\`\`yaml
parameters:
  - {name: name, in: query}
\`\`\`

After (code):

\`\`\`ts
const { familyName } = req.query   // not documented
\`\`\`
`,
  ),
  'undocumented-status': drift(
    'medium',
    'The code or traffic answers with a status the documentation lacks',
    `
Before (doc):

\`\`\`yaml
responses:
  '200': …
\`\`\`

After (code):

\`\`\`ts
res.status(409).json(conflict)   // 409 not documented
\`\`\`
`,
  ),
  'undocumented-request-field': drift(
    'medium',
    'The code or traffic accepts a request body field the documentation lacks',
    `
Before (doc):

\`\`\`yaml
NewPet:
  properties: {name: {type: string}}
\`\`\`

After (code):

\`\`\`ts
interface NewPet { name: string; microchip?: string }
\`\`\`
`,
  ),
  'undocumented-response-field': drift(
    'medium',
    'The code or traffic returns a response field the documentation lacks',
    `
Before (doc):

\`\`\`yaml
Patient:
  properties: {id: …, name: …}
\`\`\`

After (code):

\`\`\`ts
interface Patient { id: string; name: string; ssn?: string }
\`\`\`
`,
  ),
  'field-type-mismatch': drift(
    'medium',
    "A field's type differs between the documentation and the code or traffic",
    `
Before (doc):

\`\`\`yaml
id: {type: integer}
\`\`\`

After (traffic):

\`\`\`yaml
# traffic: "id": "pat_81x" (string)
\`\`\`
`,
  ),
  'field-required-mismatch': drift(
    'low',
    'A field is required in one view and optional in the other',
    `
Before (doc):

\`\`\`yaml
NewPet:
  required: [name]   # tag optional
\`\`\`

After (code):

\`\`\`ts
interface NewPet { name: string; tag: string }   // tag required
\`\`\`
`,
  ),
  'auth-drift': drift(
    'high',
    'Documented as secured, observed answering 2xx without credentials',
    `
Before (doc):

\`\`\`yaml
security: [{bearerAuth: []}]
\`\`\`

After (traffic):

\`\`\`yaml
# traffic: 7 × GET /coverage/{id} → 200 without Authorization
\`\`\`
`,
  ),
  'auth-missing-in-code': drift(
    'critical',
    'Documented as secured, served by the code with no authentication',
    `
Before (doc):

\`\`\`yaml
/patients/{id}:
  get:
    security: [{bearerAuth: []}]
\`\`\`

After (code):

\`\`\`ts
router.get('/patients/:id', getPatient)   // no auth middleware on the router or the route
\`\`\`

Judged from the code alone: no traffic is needed. Read from route middleware, router and app \`use\` calls before
the route, NestJS guards, FastAPI dependencies, Flask decorators, Spring Security matchers and Gin groups
(docs/auth.md lists what is recognised per framework).

When the spec itself configures an API gateway to check every scheme the operation accepts (Google Cloud Endpoints /
API Gateway \`x-google-issuer\`, \`x-google-jwks_uri\`, \`x-google-audiences\`, or an API key in a document with
\`x-google-backend\`; AWS API Gateway \`x-amazon-apigateway-authorizer\`, \`x-amazon-apigateway-authtype\`, or the
\`x-api-key\` API key in a document with \`x-amazon-apigateway-integration\`; Tyk \`x-tyk-api-gateway\` authentication;
a Kong authentication plugin such as \`x-kong-plugin-jwt\` on the operation, its path or the document),
code with no auth of its own is that design, not an open door: the finding is \`info\`, citing the gateway's line
("security enforced by the gateway declared at openapi.yaml:169 (x-google-issuer, …)"). Config
\`auth.trustGateway: false\` keeps it critical for a service also reachable without the gateway.
`,
  ),
  'auth-undocumented': drift(
    'medium',
    'The code requires authentication the documentation does not declare',
    `
Before (doc):

\`\`\`yaml
/reports:
  get: {}          # no security, and none at the root
\`\`\`

After (code):

\`\`\`py
@router.get("/reports")
def reports(user: User = Depends(get_current_user)): ...
\`\`\`
`,
  ),
  'auth-optional-vs-required': drift(
    'medium',
    'One view makes authentication optional where the other requires it',
    `
Before (doc):

\`\`\`yaml
security: [{bearerAuth: []}]   # required
\`\`\`

After (code):

\`\`\`ts
router.get('/articles', auth.optional, list)   // served without a token too
\`\`\`

OpenAPI writes optional auth as an empty alternative: \`security: [{}, {bearerAuth: []}]\`.
Code that only reads credentials behind a gateway the spec configures to require them (see \`auth-missing-in-code\`)
is reported at \`info\`, citing the gateway's line.
`,
  ),
  'undocumented-auth-scheme': drift(
    'medium',
    'Traffic authenticates with a scheme the documentation does not declare',
    `
Before (doc):

\`\`\`yaml
securitySchemes:
  bearerAuth: {type: http, scheme: bearer}
\`\`\`

After (traffic):

\`\`\`yaml
# traffic: Authorization: Basic … answered 200
\`\`\`
`,
  ),
  'spec-unreadable': input(
    'high',
    'A spec file could not be read',
    `
Before (valid):

\`\`\`yaml
openapi: 3.0.3
paths:
  /pets:
    get: {responses: {'200': …}}
\`\`\`

After (broken):

\`\`\`yaml
openapi: 3.0.3
paths:
  /pets
    get:   # YAML error: missing ':'
\`\`\`
`,
  ),

  // Input family: what a reader did not read, or not read whole (the "Not read" notices). Never a reason to fail a
  // check by themselves; they say where the comparison is blind, and findings a partial view cannot support are
  // held back to info beside them.
  'input-oversized': input(
    'info',
    'An input was not read: it is over a bound of config limits',
    `
A spec, source or capture file over \`limits.maxFileBytes\` / \`limits.maxSourceFileBytes\`, a capture that would
inflate past \`limits.maxTotalBytes\`, files past \`limits.maxFiles\`, or a download budget spent:

\`\`\`text
not read: traffic/2024-06.har.gz (observed): oversized — the capture inflates past the 1073741824-byte limit
\`\`\`

Raise the bound in \`.github/specwatch.yml\` if the file is meant to be read.
`,
  ),
  'input-unreadable': input(
    'info',
    'An input could not be opened or downloaded',
    `
A file the checkout lists but that cannot be read (a dangling link, an I/O error, a blob GitHub would not serve):

\`\`\`text
not read: src/routes/users.ts (implemented): unreadable — listed but cannot be opened
\`\`\`
`,
  ),
  'input-binary': input(
    'info',
    'A candidate file is not text',
    `
A YAML/JSON or source file holding NUL bytes is skipped (a \`.ts\` MPEG stream, a binary fixture):

\`\`\`text
not read: assets/intro.ts (implemented): binary — not text (NUL bytes)
\`\`\`
`,
  ),
  'input-unparsable': input(
    'info',
    'An input is not valid for its format and was not read whole',
    `
A spec that is not valid YAML/JSON, a source file with a syntax error (the rest of the file is still read), a HAR or
NDJSON capture cut short:

\`\`\`text
not read: src/app.ts:42 (implemented): unparsable — syntax error: ';' expected
\`\`\`
`,
  ),
  'input-not-openapi': input(
    'info',
    'A YAML/JSON file has no top-level openapi or swagger key',
    `
Discovery looks at every YAML/JSON file outside dependency, build and test folders; one without a top-level
\`openapi\`/\`swagger\` key is not a spec:

\`\`\`text
not read: deploy/values.yaml (documented): not-openapi — no top-level openapi or swagger key
\`\`\`

Name the spec with \`docs\` in the config when discovery should not look.
`,
  ),
  'input-rejected': input(
    'info',
    'An input was refused on purpose: it leads outside the checkout',
    `
A link pointing out of the checkout, a \`$ref\` leaving it, a tarball entry with an escaping path:

\`\`\`text
not read: src/routes/users.js (implemented): rejected — refused, it is a link pointing outside the repository root
\`\`\`
`,
  ),
  'input-unresolved': input(
    'info',
    'Part of an input could not be resolved',
    `
A \`$ref\` to a missing file or a remote URL (never fetched), a route prefix computed at run time:

\`\`\`text
not read: openapi.yaml:12 (documented): unresolved — $ref "paths/pets.yaml" cannot be resolved: file not found
\`\`\`
`,
  ),
  'input-merged': input(
    'info',
    'Two inputs were taken as one',
    `
Operations that differ only in a path template's name (\`/pets/{id}\` and \`/pets/{petId}\`) are one operation under
OpenAPI's matching rule:

\`\`\`text
not read: openapi.yaml:30 (documented): merged — /pets/{petId} and /pets/{id} are one operation
\`\`\`
`,
  ),
  'input-not-found': input(
    'info',
    'Nothing of a view was found where the reader looked',
    `
No OpenAPI description in the checkout (and what was looked at), so there is nothing to compare the code or the
traffic with:

\`\`\`text
not read: . (documented): not-found — no OpenAPI/Swagger description among the 3 YAML/JSON files looked at
\`\`\`
`,
  ),

  // Change family: operations and lifecycle.
  'operation-removed': breaking(
    'high',
    'An operation that was not deprecated was removed',
    `
Before (base):

\`\`\`yaml
paths:
  /pets/{id}:
    delete: …
\`\`\`

After (head):

\`\`\`yaml
paths:
  /pets/{id}: {}
\`\`\`
`,
    ['api-path-removed-without-deprecation', 'api-removed-without-deprecation'],
  ),
  'operation-removed-before-sunset': breaking(
    'high',
    'A deprecated operation was removed before its x-sunset date',
    `
Before (base):

\`\`\`yaml
delete:
  deprecated: true
  x-sunset: '2027-01-01'   # today is 2026-06-01
\`\`\`

After (head):

\`\`\`yaml
# delete removed
\`\`\`
`,
    ['api-path-removed-before-sunset', 'api-removed-before-sunset'],
  ),
  'deprecated-operation-removed': safe(
    'info',
    'A deprecated operation was removed (no x-sunset, or its sunset date has passed)',
    `
Safe, as oasdiff rates it: the deprecation announced the removal. A deprecated operation with an \`x-sunset\` date still ahead is \`operation-removed-before-sunset\` instead. Dates are judged against the day of the run.

Before (base):

\`\`\`yaml
delete:
  deprecated: true
\`\`\`

After (head):

\`\`\`yaml
# delete removed
\`\`\`
`,
    ['api-path-removed-with-deprecation', 'api-removed-with-deprecation'],
  ),
  'operation-added': safe(
    'info',
    'An operation was added',
    `
Before (base):

\`\`\`yaml
paths:
  /pets/{id}:
    get: …
\`\`\`

After (head):

\`\`\`yaml
paths:
  /pets/{id}:
    get: …
    put: …
\`\`\`
`,
    ['endpoint-added'],
  ),
  'operation-deprecated': safe(
    'info',
    'An operation was deprecated',
    `
Before (base):

\`\`\`yaml
delete:
  operationId: deletePet
\`\`\`

After (head):

\`\`\`yaml
delete:
  operationId: deletePet
  deprecated: true
\`\`\`
`,
    ['endpoint-deprecated', 'endpoint-deprecated-with-sunset'],
  ),
  'operation-id-changed': potentially(
    'low',
    'An operationId changed (generated client method names change)',
    `
Before (base):

\`\`\`yaml
operationId: deletePet
\`\`\`

After (head):

\`\`\`yaml
operationId: removePet
\`\`\`
`,
  ),
  'sunset-removed': breaking(
    'medium',
    'The x-sunset date of something still deprecated was deleted',
    `
Before (base):

\`\`\`yaml
deprecated: true
x-sunset: '2027-06-01'
\`\`\`

After (head):

\`\`\`yaml
deprecated: true
\`\`\`
`,
    ['sunset-deleted', 'request-parameter-sunset-deleted'],
  ),
  'sunset-invalid': breaking(
    'medium',
    'An x-sunset value is not an RFC 3339 date',
    `
Before (base):

\`\`\`yaml
deprecated: true
\`\`\`

After (head):

\`\`\`yaml
deprecated: true
x-sunset: next spring
\`\`\`
`,
    [
      'api-path-sunset-parse',
      'api-deprecated-sunset-parse',
      'request-parameter-sunset-parse',
      'request-property-deprecated-sunset-invalid',
      'response-property-deprecated-sunset-invalid',
    ],
  ),
  'sunset-moved-earlier': breaking(
    'medium',
    'An x-sunset date was moved earlier',
    `
Before (base):

\`\`\`yaml
x-sunset: '2027-06-01'
\`\`\`

After (head):

\`\`\`yaml
x-sunset: '2027-01-01'
\`\`\`
`,
    ['api-sunset-date-changed-too-small', 'request-parameter-sunset-date-changed-too-small'],
  ),
  'sunset-missing': breaking(
    'medium',
    'Deprecated without an x-sunset date (when a sunset grace period is set)',
    `
Only with a sunset grace period (\`specwatch diff --min-sunset-days N\`), as oasdiff's \`--deprecation-days-stable\`.

Before (base):

\`\`\`yaml
get: {operationId: listPets}
\`\`\`

After (head):

\`\`\`yaml
get:
  deprecated: true     # specwatch diff --min-sunset-days 90
\`\`\`
`,
    [
      'api-deprecated-sunset-missing',
      'request-parameter-deprecated-sunset-missing',
      'request-property-deprecated-sunset-missing',
      'response-property-deprecated-sunset-missing',
    ],
  ),
  'sunset-too-soon': breaking(
    'medium',
    'Deprecated with an x-sunset date inside the sunset grace period',
    `
Only with a sunset grace period (\`specwatch diff --min-sunset-days N\`), as oasdiff's \`--deprecation-days-stable\`.

Before (base):

\`\`\`yaml
get: {operationId: listPets}
\`\`\`

After (head):

\`\`\`yaml
get:
  deprecated: true
  x-sunset: '2026-06-15'   # --min-sunset-days 90, today 2026-06-01
\`\`\`
`,
    [
      'api-sunset-date-too-small',
      'request-parameter-sunset-date-too-small',
      'request-property-sunset-date-too-small',
      'response-property-sunset-date-too-small',
    ],
  ),
  'unstable-operation-changed': safe(
    'info',
    'A breaking change to an operation still marked x-stability-level draft or alpha, which is free to change',
    `
Before (base):

\`\`\`yaml
/reports/{id}:
  get:
    x-stability-level: alpha
\`\`\`

After (head):

\`\`\`yaml
# GET /reports/{id} removed
\`\`\`

Draft and alpha operations are not held to compatibility, as oasdiff leaves them out of its breaking-change checks
by default. The change is still listed, with the rule it would otherwise be. A removed operation counts by its base
level, a kept one by its head level, and a change of the level itself by the level it leaves: \`stable\` → \`draft\`
is still \`stability-decreased\`. A change to a schema that a stable operation shares stays breaking.
`,
  ),
  'stability-decreased': breaking(
    'high',
    'x-stability-level went down (stable → beta → alpha → draft)',
    `
No \`x-stability-level\` reads as \`stable\`. Applies to operations, parameters and properties.

Before (base):

\`\`\`yaml
x-stability-level: stable
\`\`\`

After (head):

\`\`\`yaml
x-stability-level: beta
\`\`\`
`,
    ['api-stability-decreased', 'request-property-stability-decreased', 'response-property-stability-decreased'],
  ),
  'stability-increased': safe(
    'info',
    'x-stability-level went up (draft → alpha → beta → stable)',
    `
Before (base):

\`\`\`yaml
x-stability-level: beta
\`\`\`

After (head):

\`\`\`yaml
x-stability-level: stable
\`\`\`
`,
    ['api-stability-increased', 'request-property-stability-increased', 'response-property-stability-increased'],
  ),
  'stability-level-invalid': breaking(
    'medium',
    'An x-stability-level is not draft, alpha, beta or stable',
    `
Before (base):

\`\`\`yaml
get: …
\`\`\`

After (head):

\`\`\`yaml
get:
  x-stability-level: experimental
\`\`\`
`,
    ['api-invalid-stability-level'],
  ),
  'webhook-removed': breaking(
    'high',
    'A webhook was removed',
    `
Before (base):

\`\`\`yaml
webhooks:
  petAdopted: {post: …}
\`\`\`

After (head):

\`\`\`yaml
webhooks: {}
\`\`\`
`,
    ['webhook-removed'],
  ),
  'webhook-added': safe(
    'info',
    'A webhook was added',
    `
Before (base):

\`\`\`yaml
webhooks: {}
\`\`\`

After (head):

\`\`\`yaml
webhooks:
  petAdopted: {post: …}
\`\`\`
`,
    ['webhook-added'],
  ),
  'base-path-changed': potentially(
    'medium',
    'The base path every operation is served under changed',
    `
Potentially breaking: only the servers changed, and a client configured with its own base URL is not affected (oasdiff has no server rules, and a servers-only change is never breaking for us either).

Before (base):

\`\`\`yaml
servers:
  - url: https://api.example.com/v1
\`\`\`

After (head):

\`\`\`yaml
servers:
  - url: https://api.example.com/v2
\`\`\`
`,
  ),
  'server-removed': potentially(
    'low',
    'A server URL was removed',
    `
Before (base):

\`\`\`yaml
servers:
  - url: https://api.example.com/v1
  - url: https://eu.api.example.com/v1
\`\`\`

After (head):

\`\`\`yaml
servers:
  - url: https://api.example.com/v1
\`\`\`
`,
  ),
  'server-added': safe(
    'info',
    'A server URL was added',
    `
Before (base):

\`\`\`yaml
servers:
  - url: https://api.example.com/v1
\`\`\`

After (head):

\`\`\`yaml
servers:
  - url: https://api.example.com/v1
  - url: https://eu.api.example.com/v1
\`\`\`
`,
  ),

  // Parameters.
  'parameter-added-required': breaking(
    'high',
    'A required parameter was added',
    `
Before (base):

\`\`\`yaml
parameters: []
\`\`\`

After (head):

\`\`\`yaml
parameters:
  - {name: shelter, in: query, required: true}
\`\`\`
`,
    [
      'new-required-request-parameter',
      'new-request-path-parameter',
      'new-required-request-default-parameter-to-existing-path',
    ],
  ),
  'parameter-added-optional': safe(
    'info',
    'An optional parameter was added',
    `
Before (base):

\`\`\`yaml
parameters: []
\`\`\`

After (head):

\`\`\`yaml
parameters:
  - {name: shelter, in: query}
\`\`\`
`,
    ['new-optional-request-parameter'],
  ),
  'parameter-removed': potentially(
    'medium',
    'A parameter was removed',
    `
Before (base):

\`\`\`yaml
parameters:
  - {name: name, in: query}
\`\`\`

After (head):

\`\`\`yaml
parameters: []
\`\`\`
`,
    ['request-parameter-removed'],
  ),
  'parameter-removed-before-sunset': breaking(
    'high',
    'A deprecated parameter was removed before its x-sunset date',
    `
Before (base):

\`\`\`yaml
- {name: sort, in: query, deprecated: true, x-sunset: '2027-01-01'}
\`\`\`

After (head):

\`\`\`yaml
# sort removed (today is 2026-06-01)
\`\`\`
`,
    ['request-parameter-removed-before-sunset'],
  ),
  'parameter-became-required': breaking(
    'high',
    'A parameter became required',
    `
Before (base):

\`\`\`yaml
- {name: limit, in: query}
\`\`\`

After (head):

\`\`\`yaml
- {name: limit, in: query, required: true}
\`\`\`
`,
    ['request-parameter-became-required'],
  ),
  'parameter-became-optional': safe(
    'info',
    'A parameter became optional',
    `
Before (base):

\`\`\`yaml
- {name: limit, in: query, required: true}
\`\`\`

After (head):

\`\`\`yaml
- {name: limit, in: query}
\`\`\`
`,
    ['request-parameter-became-optional'],
  ),
  'parameter-moved': breaking(
    'high',
    'A parameter moved to another location (query, header, path, cookie)',
    `
Before (base):

\`\`\`yaml
- {name: X-Trace, in: header}
\`\`\`

After (head):

\`\`\`yaml
- {name: X-Trace, in: query}
\`\`\`
`,
  ),
  'parameter-type-changed': breaking(
    'high',
    "A parameter's type changed or narrowed",
    `
Before (base):

\`\`\`yaml
schema: {type: integer}
\`\`\`

After (head):

\`\`\`yaml
schema: {type: string}
\`\`\`
`,
    [
      'request-parameter-type-changed',
      'request-parameter-list-of-types-narrowed',
      'request-parameter-property-list-of-types-narrowed',
      'request-parameter-property-type-specialized',
    ],
  ),
  'parameter-property-type-changed': potentially(
    'medium',
    'The type of a property inside an object parameter changed (its serialisation decides)',
    `
Before (base):

\`\`\`yaml
- name: filter
  in: query
  schema: {type: object, properties: {age: {type: integer}}}
\`\`\`

After (head):

\`\`\`yaml
  schema: {type: object, properties: {age: {type: boolean}}}
\`\`\`
`,
    ['request-parameter-property-type-changed'],
  ),
  'parameter-type-widened': safe(
    'info',
    "A parameter's type or format was generalised",
    `
Parameters travel as text: a type that became \`string\` (or a format that now accepts more, \`int32\` → \`int64\`, \`date\` → \`date-time\`) still accepts what clients sent.

Before (base):

\`\`\`yaml
schema: {type: integer}
\`\`\`

After (head):

\`\`\`yaml
schema: {type: number}
\`\`\`
`,
    ['request-parameter-type-generalized', 'request-parameter-list-of-types-widened'],
  ),
  'parameter-format-changed': breaking(
    'high',
    "A parameter's format changed to one that accepts other values",
    `
Before (base):

\`\`\`yaml
schema: {type: string, format: uuid}
\`\`\`

After (head):

\`\`\`yaml
schema: {type: string, format: ulid}
\`\`\`
`,
  ),
  'parameter-enum-narrowed': breaking(
    'high',
    'A parameter accepts fewer values (enum, const, x-extensible-enum)',
    `
Before (base):

\`\`\`yaml
enum: [available, sold]
\`\`\`

After (head):

\`\`\`yaml
enum: [available]
\`\`\`
`,
    [
      'request-parameter-enum-value-removed',
      'request-parameter-became-enum',
      'request-parameter-property-enum-value-removed',
      'request-header-property-became-enum',
      'request-parameter-x-extensible-enum-value-removed',
    ],
  ),
  'parameter-enum-widened': safe(
    'info',
    'Values were added to a parameter enum',
    `
Before (base):

\`\`\`yaml
enum: [available, sold]
\`\`\`

After (head):

\`\`\`yaml
enum: [available, sold, pending]
\`\`\`
`,
    ['request-parameter-enum-value-added'],
  ),
  'parameter-range-narrowed': breaking(
    'medium',
    "A parameter's min/max/length/items bound was tightened",
    `
Before (base):

\`\`\`yaml
{type: integer, maximum: 100}
\`\`\`

After (head):

\`\`\`yaml
{type: integer, maximum: 50}
\`\`\`
`,
    [
      'request-parameter-max-decreased',
      'request-parameter-min-increased',
      'request-parameter-max-length-decreased',
      'request-parameter-min-length-increased',
      'request-parameter-max-items-decreased',
      'request-parameter-min-items-increased',
      'request-parameter-exclusive-max-decreased',
      'request-parameter-exclusive-min-increased',
    ],
  ),
  'parameter-range-set': potentially(
    'medium',
    'A parameter that had no min/max/length/items bound got one',
    `
Potentially breaking (oasdiff: WARN): the new bound may reject values clients already send; a bound tightened from an existing one is \`parameter-range-narrowed\`.

Before (base):

\`\`\`yaml
{type: string}
\`\`\`

After (head):

\`\`\`yaml
{type: string, maxLength: 50}
\`\`\`
`,
    [
      'request-parameter-max-set',
      'request-parameter-min-set',
      'request-parameter-max-length-set',
      'request-parameter-min-items-set',
      'request-parameter-exclusive-max-set',
      'request-parameter-exclusive-min-set',
    ],
  ),
  'parameter-range-widened': safe(
    'info',
    "A parameter's min/max/length/items bound was relaxed",
    `
Before (base):

\`\`\`yaml
{type: string, maxLength: 50}
\`\`\`

After (head):

\`\`\`yaml
{type: string, maxLength: 100}
\`\`\`
`,
    [
      'request-parameter-max-increased',
      'request-parameter-min-decreased',
      'request-parameter-max-length-increased',
      'request-parameter-min-length-decreased',
    ],
  ),
  'parameter-pattern-added': breaking(
    'medium',
    'A parameter that had no pattern got one',
    `
Before (base):

\`\`\`yaml
{type: string}
\`\`\`

After (head):

\`\`\`yaml
{type: string, pattern: '^[a-z]+$'}
\`\`\`
`,
    ['request-parameter-pattern-added'],
  ),
  'parameter-pattern-changed': potentially(
    'medium',
    "A parameter's pattern changed",
    `
Before (base):

\`\`\`yaml
pattern: '^[a-z]+$'
\`\`\`

After (head):

\`\`\`yaml
pattern: '^[a-z0-9]+$'
\`\`\`
`,
    ['request-parameter-pattern-changed'],
  ),
  'parameter-default-changed': breaking(
    'medium',
    "A parameter's default value was added, changed or removed",
    `
Breaking, as oasdiff rates it: a client that leaves the parameter out gets a different behaviour than it was written against.

Before (base):

\`\`\`yaml
default: 20
\`\`\`

After (head):

\`\`\`yaml
default: 10
\`\`\`
`,
    [
      'request-parameter-default-value-added',
      'request-parameter-default-value-changed',
      'request-parameter-default-value-removed',
    ],
  ),
  'parameter-became-non-nullable': breaking(
    'medium',
    'A parameter no longer accepts null',
    `
Before (base):

\`\`\`yaml
schema: {type: string, nullable: true}
\`\`\`

After (head):

\`\`\`yaml
schema: {type: string}
\`\`\`
`,
    ['request-parameter-became-not-nullable', 'request-parameter-property-became-not-nullable'],
  ),
  'parameter-property-became-required': breaking(
    'high',
    'A property inside an object parameter became required',
    `
Before (base):

\`\`\`yaml
- name: X-Context
  in: header
  schema: {type: object, properties: {tenant: …}}
\`\`\`

After (head):

\`\`\`yaml
  schema: {type: object, properties: {tenant: …}, required: [tenant]}
\`\`\`
`,
    ['new-required-request-header-property', 'request-header-property-became-required'],
  ),
  'parameter-deprecated': safe(
    'info',
    'A parameter was deprecated',
    `
Before (base):

\`\`\`yaml
- {name: name, in: query}
\`\`\`

After (head):

\`\`\`yaml
- {name: name, in: query, deprecated: true}
\`\`\`
`,
    ['request-parameter-deprecated'],
  ),

  // Request bodies.
  'request-body-added-required': breaking(
    'high',
    'A required request body was added',
    `
Before (base):

\`\`\`yaml
delete:
  responses: …
\`\`\`

After (head):

\`\`\`yaml
delete:
  requestBody: {required: true, content: …}
\`\`\`
`,
    ['request-body-added-required'],
  ),
  'request-body-became-required': breaking(
    'high',
    'The request body became required',
    `
Before (base):

\`\`\`yaml
requestBody: {required: false, …}
\`\`\`

After (head):

\`\`\`yaml
requestBody: {required: true, …}
\`\`\`
`,
    ['request-body-became-required'],
  ),
  'request-body-became-optional': safe(
    'info',
    'The request body became optional',
    `
Before (base):

\`\`\`yaml
requestBody: {required: true, …}
\`\`\`

After (head):

\`\`\`yaml
requestBody: {required: false, …}
\`\`\`
`,
    ['request-body-became-optional'],
  ),
  'request-body-removed': breaking(
    'medium',
    'The request body was removed',
    `
Breaking, as oasdiff rates it: a client that sends the body now sends something the contract does not allow, and a validating gateway rejects it.

Before (base):

\`\`\`yaml
post:
  requestBody: …
\`\`\`

After (head):

\`\`\`yaml
post:
  # no requestBody
\`\`\`
`,
    ['request-body-removed'],
  ),
  'request-media-type-removed': breaking(
    'high',
    'A request media type is no longer accepted',
    `
Before (base):

\`\`\`yaml
content:
  application/json: …
  application/xml: …
\`\`\`

After (head):

\`\`\`yaml
content:
  application/json: …
\`\`\`
`,
    ['request-body-media-type-removed'],
  ),
  'request-media-type-added': safe(
    'info',
    'A request media type was added',
    `
Before (base):

\`\`\`yaml
content:
  application/json: …
\`\`\`

After (head):

\`\`\`yaml
content:
  application/json: …
  application/xml: …
\`\`\`
`,
    ['request-body-media-type-added'],
  ),
  'request-media-type-schema-added': breaking(
    'high',
    'A request media type that had no schema got one',
    `
Before (base):

\`\`\`yaml
requestBody:
  content:
    application/json: {}
\`\`\`

After (head):

\`\`\`yaml
requestBody:
  content:
    application/json:
      schema: {type: object, required: [name], …}
\`\`\`
`,
    ['request-body-media-type-schema-added'],
  ),
  'request-field-added-required': breaking(
    'high',
    'A required request field was added',
    `
Before (base):

\`\`\`yaml
NewPet:
  required: [name]
\`\`\`

After (head):

\`\`\`yaml
NewPet:
  required: [name, shelterId]
  properties: {shelterId: {type: string}, …}
\`\`\`
`,
    ['new-required-request-property', 'new-required-request-property-with-default'],
  ),
  'request-field-added-optional': safe(
    'info',
    'An optional request field was added',
    `
Before (base):

\`\`\`yaml
NewPet:
  properties: {name: …}
\`\`\`

After (head):

\`\`\`yaml
NewPet:
  properties: {name: …, shelterId: {type: string}}
\`\`\`
`,
    ['new-optional-request-property'],
  ),
  'request-field-removed': potentially(
    'medium',
    'A request field was removed',
    `
Before (base):

\`\`\`yaml
properties: {name: …, tag: …}
\`\`\`

After (head):

\`\`\`yaml
properties: {name: …}
\`\`\`
`,
    ['request-property-removed'],
  ),
  'request-field-became-required': breaking(
    'high',
    'A request field became required',
    `
Before (base):

\`\`\`yaml
required: [name]
\`\`\`

After (head):

\`\`\`yaml
required: [name, tag]
\`\`\`
`,
    ['request-property-became-required', 'request-property-became-required-with-default'],
  ),
  'request-field-became-optional': safe(
    'info',
    'A request field became optional',
    `
Before (base):

\`\`\`yaml
required: [name]
\`\`\`

After (head):

\`\`\`yaml
required: []
\`\`\`
`,
    ['request-property-became-optional'],
  ),
  'request-field-type-changed': breaking(
    'high',
    "A request field's type changed or narrowed",
    `
Before (base):

\`\`\`yaml
weight: {type: number}
\`\`\`

After (head):

\`\`\`yaml
weight: {type: string}
\`\`\`
`,
    [
      'request-body-type-changed',
      'request-property-type-changed',
      'request-body-list-of-types-narrowed',
      'request-property-list-of-types-narrowed',
    ],
  ),
  'request-field-type-widened': safe(
    'info',
    "A request field's type or format was generalised",
    `
Before (base):

\`\`\`yaml
weight: {type: integer}
\`\`\`

After (head):

\`\`\`yaml
weight: {type: number}
\`\`\`
`,
    [
      'request-body-type-generalized',
      'request-property-type-generalized',
      'request-body-list-of-types-widened',
      'request-property-list-of-types-widened',
    ],
  ),
  'request-field-format-changed': breaking(
    'high',
    "A request field's format changed to one that accepts other values",
    `
Before (base):

\`\`\`yaml
birthDate: {type: string, format: date}
\`\`\`

After (head):

\`\`\`yaml
birthDate: {type: string, format: date-time}
\`\`\`
`,
  ),
  'request-field-enum-narrowed': breaking(
    'high',
    'A request field accepts fewer values (enum, const, x-extensible-enum)',
    `
Before (base):

\`\`\`yaml
status: {enum: [available, pending]}
\`\`\`

After (head):

\`\`\`yaml
status: {enum: [available]}
\`\`\`
`,
    [
      'request-body-enum-value-removed',
      'request-property-enum-value-removed',
      'request-body-became-enum',
      'request-property-became-enum',
      'request-body-const-added',
      'request-property-const-added',
      'request-body-const-changed',
      'request-property-const-changed',
      'request-property-x-extensible-enum-value-removed',
    ],
  ),
  'request-field-enum-widened': safe(
    'info',
    'Values were added to a request field enum',
    `
Before (base):

\`\`\`yaml
status: {enum: [available, pending]}
\`\`\`

After (head):

\`\`\`yaml
status: {enum: [available, pending, sold]}
\`\`\`
`,
    ['request-property-enum-value-added', 'request-body-const-removed'],
  ),
  'request-field-became-non-nullable': breaking(
    'high',
    'A request field no longer accepts null',
    `
Before (base):

\`\`\`yaml
tag: {type: string, nullable: true}
\`\`\`

After (head):

\`\`\`yaml
tag: {type: string}
\`\`\`
`,
    ['request-body-became-not-nullable', 'request-property-became-not-nullable'],
  ),
  'request-field-became-nullable': safe(
    'info',
    'A request field now accepts null',
    `
Before (base):

\`\`\`yaml
weight: {type: number}
\`\`\`

After (head):

\`\`\`yaml
weight: {type: number, nullable: true}
\`\`\`
`,
    ['request-body-became-nullable', 'request-property-became-nullable'],
  ),
  'request-field-range-narrowed': breaking(
    'medium',
    "A request field's min/max/length/items/contains bound was tightened",
    `
Before (base):

\`\`\`yaml
weight: {maximum: 500}
\`\`\`

After (head):

\`\`\`yaml
weight: {maximum: 100}
\`\`\`
`,
    [
      'request-body-max-decreased',
      'request-property-max-decreased',
      'request-body-min-increased',
      'request-property-min-increased',
      'request-body-max-length-decreased',
      'request-property-max-length-decreased',
      'request-body-min-length-increased',
      'request-property-min-length-increased',
      'request-body-min-items-increased',
      'request-property-min-items-increased',
      'request-body-exclusive-max-decreased',
      'request-property-exclusive-max-decreased',
      'request-body-exclusive-min-increased',
      'request-property-exclusive-min-increased',
      'request-body-max-contains-decreased',
      'request-property-max-contains-decreased',
      'request-body-min-contains-increased',
      'request-property-min-contains-increased',
    ],
  ),
  'request-field-range-set': potentially(
    'medium',
    'A request field that had no min/max/length/items bound got one',
    `
Potentially breaking (oasdiff: WARN): the new bound may reject values clients already send; a bound tightened from an existing one is \`request-field-range-narrowed\`.

Before (base):

\`\`\`yaml
weight: {type: number}
\`\`\`

After (head):

\`\`\`yaml
weight: {type: number, maximum: 500}
\`\`\`
`,
    [
      'request-body-max-set',
      'request-property-max-set',
      'request-body-min-set',
      'request-property-min-set',
      'request-body-max-length-set',
      'request-property-max-length-set',
      'request-body-min-items-set',
      'request-property-min-items-set',
      'request-body-exclusive-max-set',
      'request-property-exclusive-max-set',
      'request-body-exclusive-min-set',
      'request-property-exclusive-min-set',
    ],
  ),
  'request-field-range-widened': safe(
    'info',
    "A request field's min/max/length/items bound was relaxed",
    `
Before (base):

\`\`\`yaml
name: {maxLength: 50}
\`\`\`

After (head):

\`\`\`yaml
name: {maxLength: 80}
\`\`\`
`,
    ['request-body-max-length-increased', 'request-property-max-length-increased'],
  ),
  'request-field-pattern-added': breaking(
    'medium',
    'A request field that had no pattern got one',
    `
Before (base):

\`\`\`yaml
name: {type: string}
\`\`\`

After (head):

\`\`\`yaml
name: {type: string, pattern: '^[A-Za-z ]+$'}
\`\`\`
`,
    ['request-property-pattern-added'],
  ),
  'request-field-pattern-changed': potentially(
    'medium',
    "A request field's pattern changed",
    `
Before (base):

\`\`\`yaml
name: {pattern: '^[A-Za-z ]+$'}
\`\`\`

After (head):

\`\`\`yaml
name: {pattern: '^[A-Za-z]+$'}
\`\`\`
`,
    ['request-property-pattern-changed'],
  ),
  'request-field-default-changed': potentially(
    'medium',
    "A request field's default value changed",
    `
oasdiff rates \`request-property-default-value-changed\` INFO; we say potentially breaking: a client that leaves the field out gets the new default, the reason oasdiff rates a parameter's default change ERR.

Before (base):

\`\`\`yaml
status: {default: available}
\`\`\`

After (head):

\`\`\`yaml
status: {default: pending}
\`\`\`
`,
    ['request-property-default-value-changed'],
  ),
  'request-additional-properties-disallowed': breaking(
    'high',
    'A request object no longer accepts extra properties',
    `
Before (base):

\`\`\`yaml
NewPet: {type: object, properties: …}
\`\`\`

After (head):

\`\`\`yaml
NewPet: {type: object, properties: …, additionalProperties: false}
\`\`\`
`,
  ),
  'request-additional-properties-allowed': safe(
    'info',
    'A request object now accepts extra properties',
    `
Before (base):

\`\`\`yaml
NewPet: {…, additionalProperties: false}
\`\`\`

After (head):

\`\`\`yaml
NewPet: {…}
\`\`\`
`,
  ),
  'request-schema-branch-removed': breaking(
    'high',
    'A oneOf/anyOf alternative was removed from a request schema',
    `
Before (base):

\`\`\`yaml
kind: {oneOf: [$ref: Cat, $ref: Dog]}
\`\`\`

After (head):

\`\`\`yaml
kind: {oneOf: [$ref: Cat]}
\`\`\`
`,
    [
      'request-body-one-of-removed',
      'request-property-one-of-removed',
      'request-body-any-of-removed',
      'request-property-any-of-removed',
    ],
  ),
  'request-schema-branch-added': safe(
    'info',
    'A oneOf/anyOf alternative was added to a request schema',
    `
Before (base):

\`\`\`yaml
kind: {oneOf: [$ref: Cat, $ref: Dog]}
\`\`\`

After (head):

\`\`\`yaml
kind: {oneOf: [$ref: Cat, $ref: Dog, $ref: Bird]}
\`\`\`
`,
    [
      'request-body-one-of-added',
      'request-property-one-of-added',
      'request-body-any-of-added',
      'request-property-any-of-added',
    ],
  ),
  'request-schema-wrapped-in-one-of': breaking(
    'high',
    'A request schema was moved under a new oneOf',
    `
Under \`oneOf\` a payload valid for two alternatives is rejected, and generated clients get a union type instead of the model.

Before (base):

\`\`\`yaml
schema: {$ref: '#/components/schemas/NewPet'}
\`\`\`

After (head):

\`\`\`yaml
schema:
  oneOf:
    - $ref: '#/components/schemas/NewPet'
    - $ref: '#/components/schemas/NewPetBatch'
\`\`\`
`,
    ['request-body-wrapped-in-one-of'],
  ),
  'request-schema-all-of-added': breaking(
    'medium',
    'A request schema gained an allOf member',
    `
Seen when both versions compose the schema with \`allOf\` and a named member joins it, even if the member adds no constraint: generated clients change the request type's parents. Splitting an inline schema into \`allOf\` members is a refactor and gives nothing; a member that adds a required field is also \`request-field-added-required\`.

Before (base):

\`\`\`yaml
allOf: [{$ref: Dog}, {$ref: Cat}]
\`\`\`

After (head):

\`\`\`yaml
allOf: [{$ref: Dog}, {$ref: Cat}, {$ref: Rabbit}]
\`\`\`
`,
    ['request-body-all-of-added', 'request-property-all-of-added'],
  ),
  'request-schema-all-of-removed': potentially(
    'medium',
    'A request schema lost an allOf member',
    `
Before (base):

\`\`\`yaml
allOf: [{$ref: Dog}, {$ref: Cat}, {$ref: Rabbit}]
\`\`\`

After (head):

\`\`\`yaml
allOf: [{$ref: Dog}, {$ref: Cat}]
\`\`\`
`,
    ['request-body-all-of-removed', 'request-property-all-of-removed'],
  ),
  'request-field-constraint-tightened': breaking(
    'medium',
    'A request schema gained a 2020-12 assertion (contains, if/then/else, dependentRequired, patternProperties, …)',
    `
Before (base):

\`\`\`yaml
{type: object, properties: {a: …, b: …}}
\`\`\`

After (head):

\`\`\`yaml
{type: object, properties: {a: …, b: …}, dependentRequired: {a: [b]}}
\`\`\`
`,
    [
      'request-body-contains-added',
      'request-property-contains-added',
      'request-body-if-added',
      'request-property-if-added',
      'request-body-then-added',
      'request-property-then-added',
      'request-body-else-added',
      'request-property-else-added',
      'request-body-dependent-required-added',
      'request-property-dependent-required-added',
      'request-body-dependent-schema-added',
      'request-property-dependent-schema-added',
      'request-body-unevaluated-items-added',
      'request-property-unevaluated-items-added',
      'request-body-unevaluated-properties-added',
      'request-property-unevaluated-properties-added',
      'request-body-prefix-items-removed',
      'request-property-prefix-items-removed',
      'request-body-property-names-added',
      'request-property-property-names-added',
      'request-body-pattern-property-added',
      'request-property-pattern-property-added',
      'request-body-content-schema-added',
      'request-property-content-schema-added',
    ],
  ),
  'request-field-constraint-changed': breaking(
    'medium',
    'A 2020-12 assertion of a request schema changed',
    `
Before (base):

\`\`\`yaml
{type: string, contentEncoding: base64}
\`\`\`

After (head):

\`\`\`yaml
{type: string, contentEncoding: base32}
\`\`\`
`,
    [
      'request-body-content-encoding-changed',
      'request-property-content-encoding-changed',
      'request-body-content-media-type-changed',
      'request-property-content-media-type-changed',
      'request-body-dependent-required-changed',
      'request-property-dependent-required-changed',
    ],
  ),
  'request-field-constraint-relaxed': safe(
    'info',
    'A request schema lost a 2020-12 assertion',
    `
Before (base):

\`\`\`yaml
{type: object, dependentRequired: {a: [b]}}
\`\`\`

After (head):

\`\`\`yaml
{type: object}
\`\`\`
`,
    ['request-body-contains-removed', 'request-body-if-removed', 'request-body-pattern-property-removed'],
  ),

  // Responses.
  'response-status-removed': breaking(
    'high',
    'A success response status was removed',
    `
Before (base):

\`\`\`yaml
responses:
  '201': …
\`\`\`

After (head):

\`\`\`yaml
responses:
  '202': …
\`\`\`
`,
    ['response-success-status-removed'],
  ),
  'response-error-status-removed': potentially(
    'low',
    'An error response status was removed',
    `
oasdiff rates \`response-non-success-status-removed\` INFO; we say potentially breaking: a client with a handler for that error (a retry on 409, a message for 422) may now see a generic error.

Before (base):

\`\`\`yaml
responses:
  '200': …
  '404': …
\`\`\`

After (head):

\`\`\`yaml
responses:
  '200': …
\`\`\`
`,
    ['response-non-success-status-removed'],
  ),
  'response-status-added': safe(
    'info',
    'A response status was added',
    `
Before (base):

\`\`\`yaml
responses:
  '200': …
\`\`\`

After (head):

\`\`\`yaml
responses:
  '200': …
  '410': …
\`\`\`
`,
    ['response-success-status-added', 'response-non-success-status-added'],
  ),
  'response-media-type-removed': breaking(
    'high',
    'A response media type was removed or generalised',
    `
Before (base):

\`\`\`yaml
content:
  application/json: …
  application/xml: …
\`\`\`

After (head):

\`\`\`yaml
content:
  application/json: …
\`\`\`
`,
    ['response-media-type-removed', 'response-media-type-name-generalized'],
  ),
  'response-media-type-added': safe(
    'info',
    'A response media type was added',
    `
Before (base):

\`\`\`yaml
content:
  application/json: …
\`\`\`

After (head):

\`\`\`yaml
content:
  application/json: …
  application/xml: …
\`\`\`
`,
    ['response-media-type-added'],
  ),
  'response-media-type-schema-removed': potentially(
    'medium',
    'A response media type no longer documents a schema',
    `
Before (base):

\`\`\`yaml
'200':
  content:
    application/json:
      schema: {$ref: Pet}
\`\`\`

After (head):

\`\`\`yaml
'200':
  content:
    application/json: {}
\`\`\`
`,
    ['response-body-media-type-schema-removed'],
  ),
  'response-field-removed': breaking(
    'high',
    'A required response field was removed',
    `
Before (base):

\`\`\`yaml
Pet:
  required: [id, name, status]
\`\`\`

After (head):

\`\`\`yaml
Pet:
  required: [id, name]   # status removed from properties
\`\`\`
`,
    ['response-required-property-removed'],
  ),
  'response-optional-field-removed': potentially(
    'medium',
    'An optional response field was removed',
    `
Before (base):

\`\`\`yaml
Pet:
  properties: {…, tag: {type: string}}
\`\`\`

After (head):

\`\`\`yaml
Pet:
  properties: {…}
\`\`\`
`,
    ['response-optional-property-removed'],
  ),
  'response-field-added': safe(
    'info',
    'A response field was added',
    `
Before (base):

\`\`\`yaml
Pet:
  properties: {id: …}
\`\`\`

After (head):

\`\`\`yaml
Pet:
  properties: {id: …, color: {type: string}}
\`\`\`
`,
    ['response-required-property-added', 'response-optional-property-added'],
  ),
  'response-field-became-optional': breaking(
    'high',
    'A response field is no longer always present',
    `
Before (base):

\`\`\`yaml
required: [id, name, status]
\`\`\`

After (head):

\`\`\`yaml
required: [id, name]
\`\`\`
`,
    ['response-property-became-optional'],
  ),
  'response-field-no-longer-write-only': potentially(
    'medium',
    'A required response field is no longer write-only: the docs now say every response carries it',
    `
Before (base):

\`\`\`yaml
Account:
  required: [id, apiKey]
  properties:
    apiKey: {type: string, writeOnly: true}
\`\`\`

After (head):

\`\`\`yaml
Account:
  required: [id, apiKey]
  properties:
    apiKey: {type: string}
\`\`\`

Potentially breaking, as oasdiff rates it: a write-only field is never returned, so clients were written without it.
Now the docs promise it in every response, which holds only if the server already sent it; a client generated from
the head expects it and fails when it is missing. When the server does start sending it, check that a value once
kept write-only (a password, a key) is meant to be read back.
`,
    ['response-required-property-became-not-write-only'],
  ),
  'response-field-became-required': safe(
    'info',
    'A response field is now always present',
    `
Before (base):

\`\`\`yaml
required: [id, name]
\`\`\`

After (head):

\`\`\`yaml
required: [id, name, tag]
\`\`\`
`,
    ['response-property-became-required'],
  ),
  'response-field-type-changed': breaking(
    'high',
    "A response field's or header's type changed or widened",
    `
Before (base):

\`\`\`yaml
id: {type: integer}
\`\`\`

After (head):

\`\`\`yaml
id: {type: string}
\`\`\`
`,
    [
      'response-body-type-changed',
      'response-property-type-changed',
      'response-body-type-generalized',
      'response-property-type-generalized',
      'response-body-list-of-types-widened',
      'response-property-list-of-types-widened',
      'response-header-type-changed',
      'response-header-type-generalized',
    ],
  ),
  'response-field-type-narrowed': safe(
    'info',
    "A response field's type or format was narrowed",
    `
Before (base):

\`\`\`yaml
weight: {type: number}
\`\`\`

After (head):

\`\`\`yaml
weight: {type: integer}
\`\`\`
`,
    [
      'response-body-type-specialized',
      'response-property-type-specialized',
      'response-body-list-of-types-narrowed',
      'response-property-list-of-types-narrowed',
    ],
  ),
  'response-field-format-changed': breaking(
    'high',
    "A response field's format changed to one that returns other values",
    `
Before (base):

\`\`\`yaml
id: {type: integer, format: int64}
\`\`\`

After (head):

\`\`\`yaml
id: {type: integer, format: int32}
\`\`\`
`,
  ),
  'response-field-became-nullable': breaking(
    'high',
    'A response field or header may now be null',
    `
Before (base):

\`\`\`yaml
tag: {type: string}
\`\`\`

After (head):

\`\`\`yaml
tag: {type: string, nullable: true}
\`\`\`
`,
    ['response-body-became-nullable', 'response-property-became-nullable', 'response-header-became-nullable'],
  ),
  'response-field-became-non-nullable': safe(
    'info',
    'A response field is no longer null',
    `
Before (base):

\`\`\`yaml
tag: {type: string, nullable: true}
\`\`\`

After (head):

\`\`\`yaml
tag: {type: string}
\`\`\`
`,
    ['response-body-became-not-nullable', 'response-property-became-not-nullable'],
  ),
  'response-field-const-changed': breaking(
    'high',
    "A response field's const value changed or was removed",
    `
Before (base):

\`\`\`yaml
kind: {const: pet}
\`\`\`

After (head):

\`\`\`yaml
kind: {const: animal}
\`\`\`
`,
    [
      'response-body-const-changed',
      'response-property-const-changed',
      'response-body-const-removed',
      'response-property-const-removed',
    ],
  ),
  'response-field-enum-widened': potentially(
    'medium',
    'Values were added to a response field enum',
    `
Before (base):

\`\`\`yaml
status: {enum: [available, pending, sold]}
\`\`\`

After (head):

\`\`\`yaml
status: {enum: [available, pending, sold, adopted]}
\`\`\`
`,
    ['response-property-enum-value-added'],
  ),
  'response-field-enum-narrowed': safe(
    'info',
    'Values were removed from a response field enum',
    `
Before (base):

\`\`\`yaml
status: {enum: [available, pending, sold]}
\`\`\`

After (head):

\`\`\`yaml
status: {enum: [available, pending]}
\`\`\`
`,
    ['response-property-enum-value-removed'],
  ),
  'response-field-range-widened': breaking(
    'medium',
    "A response field's min/max/length/items/contains bound was relaxed",
    `
Breaking, as oasdiff rates it: a client that sized a buffer, a column or a validator on the old bound receives values outside it.

Before (base):

\`\`\`yaml
name: {maxLength: 50}
\`\`\`

After (head):

\`\`\`yaml
name: {maxLength: 100}
\`\`\`
`,
    [
      'response-body-max-increased',
      'response-property-max-increased',
      'response-body-min-decreased',
      'response-property-min-decreased',
      'response-body-max-length-increased',
      'response-property-max-length-increased',
      'response-body-min-length-decreased',
      'response-property-min-length-decreased',
      'response-body-min-items-decreased',
      'response-property-min-items-decreased',
      'response-body-exclusive-max-increased',
      'response-property-exclusive-max-increased',
      'response-body-exclusive-min-decreased',
      'response-property-exclusive-min-decreased',
      'response-body-max-contains-increased',
      'response-property-max-contains-increased',
      'response-body-min-contains-decreased',
      'response-property-min-contains-decreased',
      'response-body-max-length-unset',
      'response-property-max-length-unset',
      'response-body-min-items-unset',
      'response-property-min-items-unset',
    ],
  ),
  'response-schema-branch-added': breaking(
    'high',
    'A oneOf/anyOf alternative was added to a response schema',
    `
Breaking, as oasdiff rates it: a client that switches over the documented alternatives meets one it has no case for.

Before (base):

\`\`\`yaml
kind: {oneOf: [$ref: Cat, $ref: Dog]}
\`\`\`

After (head):

\`\`\`yaml
kind: {oneOf: [$ref: Cat, $ref: Dog, $ref: Bird]}
\`\`\`
`,
    ['response-body-one-of-added', 'response-property-one-of-added'],
  ),
  'response-schema-branch-removed': safe(
    'info',
    'A oneOf/anyOf alternative was removed from a response schema',
    `
Before (base):

\`\`\`yaml
kind: {oneOf: [$ref: Cat, $ref: Dog]}
\`\`\`

After (head):

\`\`\`yaml
kind: {oneOf: [$ref: Cat]}
\`\`\`
`,
    ['response-body-one-of-removed', 'response-property-one-of-removed'],
  ),
  'response-schema-wrapped-in-one-of': breaking(
    'high',
    'A response schema was moved under a new oneOf',
    `
Before (base):

\`\`\`yaml
schema: {$ref: Pet}
\`\`\`

After (head):

\`\`\`yaml
schema:
  oneOf: [{$ref: Pet}, {$ref: PetPage}]
\`\`\`
`,
    ['response-body-wrapped-in-one-of'],
  ),
  'response-field-constraint-relaxed': breaking(
    'medium',
    'A response schema lost a 2020-12 assertion (contains, if/then/else, dependentRequired, patternProperties, …)',
    `
Before (base):

\`\`\`yaml
{type: array, items: …, unevaluatedItems: false}
\`\`\`

After (head):

\`\`\`yaml
{type: array, items: …}
\`\`\`
`,
    [
      'response-body-contains-removed',
      'response-property-contains-removed',
      'response-body-if-removed',
      'response-property-if-removed',
      'response-body-then-removed',
      'response-property-then-removed',
      'response-body-else-removed',
      'response-property-else-removed',
      'response-body-dependent-required-removed',
      'response-property-dependent-required-removed',
      'response-body-dependent-schema-removed',
      'response-property-dependent-schema-removed',
      'response-body-unevaluated-items-removed',
      'response-property-unevaluated-items-removed',
      'response-body-unevaluated-properties-removed',
      'response-property-unevaluated-properties-removed',
      'response-body-prefix-items-added',
      'response-property-prefix-items-added',
      'response-body-property-names-removed',
      'response-property-property-names-removed',
      'response-body-pattern-property-removed',
      'response-property-pattern-property-removed',
      'response-body-content-schema-removed',
      'response-property-content-schema-removed',
    ],
  ),
  'response-field-constraint-changed': breaking(
    'medium',
    'A 2020-12 assertion of a response schema changed',
    `
Before (base):

\`\`\`yaml
{type: string, contentMediaType: image/png}
\`\`\`

After (head):

\`\`\`yaml
{type: string, contentMediaType: image/jpeg}
\`\`\`
`,
    [
      'response-body-content-encoding-changed',
      'response-property-content-encoding-changed',
      'response-body-content-media-type-changed',
      'response-property-content-media-type-changed',
      'response-body-dependent-required-changed',
      'response-property-dependent-required-changed',
    ],
  ),
  'response-field-constraint-tightened': safe(
    'info',
    'A response schema gained a 2020-12 assertion',
    `
Before (base):

\`\`\`yaml
{type: object}
\`\`\`

After (head):

\`\`\`yaml
{type: object, propertyNames: {pattern: '^[a-z]+$'}}
\`\`\`
`,
    ['response-body-contains-added', 'response-body-if-added', 'response-body-pattern-property-added'],
  ),
  'response-required-header-removed': breaking(
    'high',
    'A required response header was removed',
    `
Before (base):

\`\`\`yaml
'200':
  headers: {X-Rate-Limit: {required: true, …}}
\`\`\`

After (head):

\`\`\`yaml
'200':
  headers: {}
\`\`\`
`,
    ['required-response-header-removed'],
  ),
  'response-header-removed': potentially(
    'medium',
    'An optional response header was removed',
    `
Before (base):

\`\`\`yaml
'200':
  headers: {X-Total: …}
\`\`\`

After (head):

\`\`\`yaml
'200':
  headers: {}
\`\`\`
`,
    ['optional-response-header-removed'],
  ),
  'response-header-became-optional': breaking(
    'high',
    'A response header is no longer always sent',
    `
Before (base):

\`\`\`yaml
X-Rate-Limit: {required: true, …}
\`\`\`

After (head):

\`\`\`yaml
X-Rate-Limit: {required: false, …}
\`\`\`
`,
    ['response-header-became-optional'],
  ),
  'field-deprecated': safe(
    'info',
    'A request or response field was deprecated',
    `
Before (base):

\`\`\`yaml
tag: {type: string}
\`\`\`

After (head):

\`\`\`yaml
tag: {type: string, deprecated: true}
\`\`\`
`,
    ['request-property-deprecated', 'response-property-deprecated'],
  ),

  // Security.
  'security-added': breaking(
    'high',
    'An operation that was public now requires authentication (its own security)',
    `
oasdiff rates \`api-security-added\` INFO; we say breaking: an anonymous client that called this operation gets 401 on its next call.

Before (base):

\`\`\`yaml
delete:
  security: []
\`\`\`

After (head):

\`\`\`yaml
delete:
  # inherits security: [{apiKey: []}]
\`\`\`
`,
    ['api-security-added'],
  ),
  'security-added-at-root': potentially(
    'medium',
    "The document's root security now makes public operations require authentication",
    `
oasdiff rates \`api-global-security-added\` INFO; we say potentially breaking: an anonymous client (a public widget, a health probe) that called an operation left public now gets 401. One finding for the root, however many operations inherit it.

Before (base):

\`\`\`yaml
security: []            # root: public by default
\`\`\`

After (head):

\`\`\`yaml
security: [{apiKey: []}]  # root: every operation without its own security
\`\`\`
`,
    ['api-global-security-added'],
  ),
  'security-removed': potentially(
    'medium',
    'An operation that required authentication is now public',
    `
oasdiff rates \`api-security-removed\` and \`api-global-security-removed\` INFO; we say potentially breaking: no client breaks, but exposing the operation may not be intended.

Before (base):

\`\`\`yaml
delete:
  # inherits security: [{apiKey: []}]
\`\`\`

After (head):

\`\`\`yaml
delete:
  security: []
\`\`\`
`,
    ['api-security-removed', 'api-global-security-removed'],
  ),
  'security-scheme-removed': breaking(
    'high',
    'A way to authenticate an operation was removed',
    `
Before (base):

\`\`\`yaml
security: [{apiKey: []}, {oauth: [pets:write]}]
\`\`\`

After (head):

\`\`\`yaml
security: [{oauth: [pets:write]}]
\`\`\`
`,
  ),
  'security-scheme-added': safe(
    'info',
    'A new way to authenticate an operation was added',
    `
Before (base):

\`\`\`yaml
security: [{apiKey: []}]
\`\`\`

After (head):

\`\`\`yaml
security: [{apiKey: []}, {oauth: [pets:write]}]
\`\`\`
`,
  ),
  'security-scope-added': breaking(
    'high',
    'An operation requires an additional OAuth scope',
    `
oasdiff rates \`api-security-scope-added\` INFO (and oasdiff rates \`api-global-security-scope-added\` INFO for the root); we say breaking: a client holding a token without the new scope gets 403.

Before (base):

\`\`\`yaml
security: [{oauth: [pets:write]}]
\`\`\`

After (head):

\`\`\`yaml
security: [{oauth: [pets:write, pets:admin]}]
\`\`\`
`,
    ['api-security-scope-added', 'api-global-security-scope-added'],
  ),
  'security-scope-removed': safe(
    'info',
    'An operation requires fewer OAuth scopes',
    `
Before (base):

\`\`\`yaml
security: [{oauth: [pets:write]}]
\`\`\`

After (head):

\`\`\`yaml
security: [{oauth: []}]
\`\`\`
`,
    ['api-security-scope-removed', 'api-global-security-scope-removed'],
  ),
  'security-scheme-changed': breaking(
    'high',
    'A security scheme definition changed (type, location or name)',
    `
oasdiff rates \`api-security-component-type-changed\` INFO; we say breaking: a client sending its API key in the header that was renamed gets 401.

Before (base):

\`\`\`yaml
apiKey: {type: apiKey, in: header, name: X-Api-Key}
\`\`\`

After (head):

\`\`\`yaml
apiKey: {type: apiKey, in: query, name: X-Api-Key}
\`\`\`
`,
    ['api-security-component-type-changed'],
  ),

  // PII family.
  'undocumented-pii': pii(
    'high',
    'A field the code or traffic carries is PII/PHI and the doc does not list it',
    `
Before (doc):

\`\`\`yaml
Patient:
  properties: {id: …}
\`\`\`

After (code/traffic):

\`\`\`yaml
# code/traffic: Patient.ssn (SSN, HIPAA G)
\`\`\`
`,
  ),
  'pii-without-auth': pii(
    'critical',
    'An operation returns PII/PHI with no auth documented, or traffic saw it answer 2xx without credentials',
    `
Before (doc):

\`\`\`yaml
get:
  security: [{bearerAuth: []}]
  # returns memberId, subscriber.birthDate
\`\`\`

After (code/traffic):

\`\`\`yaml
# traffic: 7 × 200 without Authorization
\`\`\`

The docs' security counts as a view that guards, also when a gateway the spec configures enforces it and the code
checks nothing (\`auth-missing-in-code\` at info): without traffic, such an operation is not \`pii-without-auth\`.
`,
  ),
  'pii-in-url': pii(
    'high',
    'A path or query parameter carries PII',
    `
Before (doc):

\`\`\`yaml
- {name: limit, in: query}
\`\`\`

After (code/traffic):

\`\`\`yaml
- {name: email, in: query}
\`\`\`
`,
  ),
  'secret-in-response': pii(
    'critical',
    'A response carries a password, password hash, token, API key, private key, session id or MFA secret',
    `
Found in the code view (response types, ORM entities and the relations a query joins) or in traffic (value shapes:
argon2/bcrypt/scrypt/PBKDF2 hashes, JWTs, PEM private keys, known API key formats), whether or not the docs list the
field. Token-issuing operations (\`/oauth/token\`, \`/login\`, \`/sessions\`) may return the caller's own tokens;
there only password hashes, private keys, client and MFA secrets are reported. A pagination or sync cursor
(\`next_page_token\`, \`NextToken\`, \`pageToken\`) or an idempotency key is a \`token\` but no credential, and is not reported.

Code:

\`\`\`ts
// GET /articles joins each author's whole user row
return this.articles.find({ relations: ['author'] }); // author.password: $argon2id$…
\`\`\`

Fix: select the fields a client needs (a DTO or \`select\`), never the credential columns.
`,
  ),
} as const satisfies Record<string, RuleInfo>;

/** A rule id of the catalogue. */
export type RuleId = keyof typeof RULES;

/** Every rule id of the given family. */
export function rulesOf(family: RuleFamily): RuleId[] {
  return (Object.keys(RULES) as RuleId[]).filter((id) => RULES[id].family === family);
}

/** The rule of the catalogue a notice of this reason is reported under (SARIF). */
export function noticeRuleId(reason: NoticeReason): RuleId {
  return `input-${reason}`;
}

/** Whether a string is a rule id of the catalogue. */
export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULES, id);
}
