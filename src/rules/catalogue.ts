import type { ChangeClass, Severity } from '../model/index.js';

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
}

/** Help text is written with a leading and trailing newline for legibility; the catalogue keeps it trimmed. */
const rule =
  (family: RuleFamily, klass: ChangeClass | null) =>
  (severity: Severity, summary: string, help: string): RuleInfo => ({
    family,
    severity,
    class: klass,
    summary,
    help: help.replace(/^\n+|\n+$/g, ''),
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

  // Change family: operations.
  'operation-removed': breaking(
    'high',
    'An operation was removed',
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
  ),
  'deprecated-operation-removed': breaking(
    'medium',
    'A deprecated operation was removed',
    `
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
  'base-path-changed': breaking(
    'high',
    'The base path every operation is served under changed',
    `
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
  ),
  'parameter-type-widened': safe(
    'info',
    "A parameter's type was widened",
    `
Before (base):

\`\`\`yaml
schema: {type: integer}
\`\`\`

After (head):

\`\`\`yaml
schema: {type: number}
\`\`\`
`,
  ),
  'parameter-format-changed': potentially(
    'medium',
    "A parameter's format changed",
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
    'Values were removed from a parameter enum',
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
  ),
  'parameter-range-narrowed': breaking(
    'medium',
    "A parameter's min/max/length/items bounds were tightened",
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
  ),
  'parameter-range-widened': safe(
    'info',
    "A parameter's min/max/length/items bounds were relaxed",
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
  ),
  'parameter-pattern-changed': potentially(
    'medium',
    "A parameter's pattern was added or changed",
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
  ),
  'parameter-default-changed': potentially(
    'medium',
    "A parameter's default value changed",
    `
Before (base):

\`\`\`yaml
default: 20
\`\`\`

After (head):

\`\`\`yaml
default: 10
\`\`\`
`,
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
  ),
  'request-body-removed': potentially(
    'medium',
    'The request body was removed',
    `
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
  ),
  'request-field-type-widened': safe(
    'info',
    "A request field's type was widened",
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
  ),
  'request-field-format-changed': potentially(
    'medium',
    "A request field's format changed",
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
    'Values were removed from a request field enum',
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
  ),
  'request-field-range-narrowed': breaking(
    'medium',
    "A request field's min/max/length/items bounds were tightened",
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
  ),
  'request-field-range-widened': safe(
    'info',
    "A request field's min/max/length/items bounds were relaxed",
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
  ),
  'request-field-pattern-changed': potentially(
    'medium',
    "A request field's pattern was added or changed",
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
  ),
  'request-field-default-changed': potentially(
    'medium',
    "A request field's default value changed",
    `
Before (base):

\`\`\`yaml
status: {default: available}
\`\`\`

After (head):

\`\`\`yaml
status: {default: pending}
\`\`\`
`,
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
  ),
  'response-error-status-removed': potentially(
    'low',
    'An error response status was removed',
    `
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
  ),
  'response-media-type-removed': breaking(
    'high',
    'A response media type was removed',
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
  ),
  'response-field-type-changed': breaking(
    'high',
    "A response field's type changed or widened",
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
  ),
  'response-field-type-narrowed': safe(
    'info',
    "A response field's type was narrowed",
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
  ),
  'response-field-format-changed': potentially(
    'medium',
    "A response field's format changed",
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
    'A response field may now be null',
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
  ),
  'response-field-range-widened': potentially(
    'low',
    "A response field's min/max/length/items bounds were relaxed",
    `
Before (base):

\`\`\`yaml
name: {maxLength: 50}
\`\`\`

After (head):

\`\`\`yaml
name: {maxLength: 100}
\`\`\`
`,
  ),
  'response-schema-branch-added': potentially(
    'medium',
    'A oneOf/anyOf alternative was added to a response schema',
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
  ),
  'response-header-removed': potentially(
    'medium',
    'A response header was removed',
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
  ),

  // Security.
  'security-added': breaking(
    'high',
    'An operation that was public now requires authentication',
    `
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
  ),
  'security-removed': potentially(
    'medium',
    'An operation that required authentication is now public',
    `
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
Before (base):

\`\`\`yaml
security: [{oauth: [pets:write]}]
\`\`\`

After (head):

\`\`\`yaml
security: [{oauth: [pets:write, pets:admin]}]
\`\`\`
`,
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
  ),
  'security-scheme-changed': breaking(
    'high',
    'A security scheme definition changed (type, location or name)',
    `
Before (base):

\`\`\`yaml
apiKey: {type: apiKey, in: header, name: X-Api-Key}
\`\`\`

After (head):

\`\`\`yaml
apiKey: {type: apiKey, in: query, name: X-Api-Key}
\`\`\`
`,
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
there only password hashes, private keys, client and MFA secrets are reported.

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

/** Whether a string is a rule id of the catalogue. */
export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULES, id);
}
