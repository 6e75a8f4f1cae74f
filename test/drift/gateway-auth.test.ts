import { describe, expect, it } from 'vitest';
import { applyPolicy, compareDrift } from '../../src/drift/index.js';
import type { ApiSurface, AuthState, Finding, Operation } from '../../src/model/index.js';
import { readSpec } from './spec-builder.js';

/**
 * Security an API gateway enforces, as the spec itself configures it: the code behind the gateway rightly checks
 * no credential, so `auth-missing-in-code` is said at info, with the line of the gateway's declaration. The
 * snippets follow the shapes in each vendor's documentation.
 */

/** The spec's operations as the code serves them, with the given auth and no security of their own. */
async function codeOf(yaml: string, state: AuthState): Promise<ApiSurface> {
  const s = await readSpec(yaml, 'code.yaml');
  s.source = 'implemented';
  s.entry = undefined;
  s.securitySchemes = {};
  s.operations = s.operations.map(
    (op, i): Operation => ({
      ...op,
      security: undefined,
      evidence: [{ source: 'implemented', file: 'app/main.py', line: 20 + i, framework: 'flask' }],
      location: { file: 'app/main.py', line: 20 + i },
      auth: {
        state,
        evidence: state === 'none' ? [] : [{ file: 'app/main.py', line: 10, what: 'read_user_if_any' }],
      },
    }),
  );
  return s;
}

async function authFindings(
  yaml: string,
  state: AuthState = 'none',
  options: { trustGateway?: boolean } = {},
): Promise<Finding[]> {
  const found = compareDrift(await readSpec(yaml), await codeOf(yaml, state), options);
  return found.filter((f) => f.rule.startsWith('auth-'));
}

/** 1-based line of the first line of `yaml` containing `text`. */
const lineOf = (yaml: string, text: string) => yaml.split('\n').findIndex((l) => l.includes(text)) + 1;

const GOOGLE_ENDPOINTS = `swagger: "2.0"
info: {title: Bookstore, version: "1.0.0"}
host: bookstore.endpoints.my-project.cloud.goog
paths:
  /shelves:
    get:
      operationId: listShelves
      responses: {"200": {description: ok}}
      security:
        - auth0_jwk: []
  /shelves/{shelf}:
    get:
      operationId: getShelf
      parameters: [{name: shelf, in: path, required: true, type: string}]
      responses: {"200": {description: ok}}
      security:
        - api_key: []
securityDefinitions:
  api_key:
    type: apiKey
    name: key
    in: query
  auth0_jwk:
    authorizationUrl: ""
    flow: implicit
    type: oauth2
    x-google-issuer: "https://YOUR-ACCOUNT-NAME.auth0.com/"
    x-google-jwks_uri: "https://YOUR-ACCOUNT-NAME.auth0.com/.well-known/jwks.json"
    x-google-audiences: "YOUR-CLIENT-ID"
`;

const GOOGLE_API_GATEWAY = `swagger: "2.0"
info: {title: hello, version: "1.0.0"}
schemes: [https]
produces: [application/json]
x-google-backend:
  address: https://us-central1-my-project.cloudfunctions.net/hello
paths:
  /hello:
    get:
      operationId: hello
      security:
        - api_key: []
      responses: {"200": {description: ok}}
securityDefinitions:
  api_key:
    type: apiKey
    name: key
    in: query
`;

const AWS_REST = `swagger: "2.0"
info: {title: pets, version: "1.0"}
paths:
  /pets:
    get:
      security:
        - MyLambdaAuthorizer: []
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: http://backend.example.com/pets
        passthroughBehavior: when_no_match
  /pets/{id}:
    get:
      parameters: [{name: id, in: path, required: true, type: string}]
      security:
        - api_key: []
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: http://backend.example.com/pets/{id}
securityDefinitions:
  api_key:
    type: apiKey
    name: x-api-key
    in: header
  MyLambdaAuthorizer:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: custom
    x-amazon-apigateway-authorizer:
      type: token
      authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
      authorizerResultTtlInSeconds: 300
`;

const AWS_HTTP_JWT = `openapi: 3.0.1
info: {title: http-api, version: "1.0"}
paths:
  /orders:
    get:
      security:
        - jwt-authorizer: [orders/read]
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        payloadFormatVersion: "2.0"
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:lambda:us-east-2:123456789012:function:orders
components:
  securitySchemes:
    jwt-authorizer:
      type: oauth2
      flows: {}
      x-amazon-apigateway-authorizer:
        type: jwt
        identitySource: $request.header.Authorization
        jwtConfiguration:
          audience: [audience1]
          issuer: https://cognito-idp.us-east-2.amazonaws.com/us-east-2_abc123
`;

const TYK = `openapi: 3.0.3
info: {title: users, version: "1.0.0"}
servers: [{url: "https://localhost:8080"}]
security:
  - bearerAuth: []
paths:
  /users:
    get:
      operationId: getUsers
      responses: {"200": {description: ok}}
components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
      bearerFormat: JWT
x-tyk-api-gateway:
  info:
    name: users
    state: {active: true}
  upstream:
    url: https://users.internal:8080
  server:
    listenPath: {value: /users/, strip: true}
    authentication:
      enabled: true
      securitySchemes:
        bearerAuth:
          enabled: true
`;

const KONG = `openapi: 3.0.0
info: {title: learn, version: "1.0.0"}
servers: [{url: "http://mockbin.org"}]
x-kong-plugin-key-auth:
  name: key-auth
  enabled: true
  config:
    key_names: [api_key, apikey]
    key_in_body: false
    hide_credentials: true
security:
  - apiKey: []
paths:
  /path:
    get:
      responses: {"200": {description: ok}}
  /open:
    get:
      responses: {"200": {description: ok}}
      x-kong-plugin-key-auth:
        enabled: false
components:
  securitySchemes:
    apiKey: {type: apiKey, name: apikey, in: header}
`;

describe('security enforced by a gateway the spec declares', () => {
  it('Google Cloud Endpoints: a JWT scheme with x-google-issuer, and the API key ESP checks, are info', async () => {
    const found = await authFindings(GOOGLE_ENDPOINTS);
    expect(found.map((f) => `${f.rule} ${f.operation} ${f.severity}`).sort()).toEqual([
      'auth-missing-in-code GET /shelves info',
      'auth-missing-in-code GET /shelves/{shelf} info',
    ]);
    const line = lineOf(GOOGLE_ENDPOINTS, 'x-google-issuer');
    const jwt = found.find((f) => f.operation === 'GET /shelves');
    expect(jwt?.message).toContain(
      `security enforced by the gateway declared at openapi.yaml:${line} (x-google-issuer`,
    );
    expect(jwt?.evidence).toContainEqual({ source: 'documented', file: 'openapi.yaml', line });
  });

  it('Google API Gateway: x-google-backend makes the document the gateway config, so its API key is checked there', async () => {
    const [f] = await authFindings(GOOGLE_API_GATEWAY);
    expect(f?.severity).toBe('info');
    expect(f?.message).toContain(
      `gateway declared at openapi.yaml:${lineOf(GOOGLE_API_GATEWAY, 'x-google-backend')} (x-google-backend`,
    );
  });

  it('AWS API Gateway (REST): a Lambda authorizer and the x-api-key API key are info', async () => {
    const found = await authFindings(AWS_REST);
    expect(found.map((f) => `${f.rule} ${f.operation} ${f.severity}`).sort()).toEqual([
      'auth-missing-in-code GET /pets info',
      'auth-missing-in-code GET /pets/{id} info',
    ]);
    expect(found.find((f) => f.operation === 'GET /pets')?.message).toContain(
      `at openapi.yaml:${lineOf(AWS_REST, 'x-amazon-apigateway-authorizer')} (x-amazon-apigateway-authorizer, AWS API Gateway)`,
    );
    // The API key is the gateway's own (usage plans): the document is API Gateway's, as its authorizer shows.
    expect(found.find((f) => f.operation === 'GET /pets/{id}')?.message).toContain(
      '(x-amazon-apigateway-authorizer, AWS API Gateway)',
    );
    const keyOnly = AWS_REST.replace(/ {4}x-amazon-apigateway-auth(type|orizer):.*\n( {6}.*\n)*/g, '');
    expect((await authFindings(keyOnly)).find((f) => f.operation === 'GET /pets/{id}')?.message).toContain(
      `at openapi.yaml:${lineOf(keyOnly, 'x-amazon-apigateway-integration')} (x-amazon-apigateway-integration, AWS API Gateway)`,
    );
  });

  it('AWS API Gateway (HTTP API): a JWT authorizer on an oauth2 scheme is info', async () => {
    const [f] = await authFindings(AWS_HTTP_JWT);
    expect(f).toMatchObject({ rule: 'auth-missing-in-code', severity: 'info' });
    expect(f?.message).toContain('(x-amazon-apigateway-authorizer, AWS API Gateway)');
  });

  it('Tyk OAS: a scheme x-tyk-api-gateway authentication enables is info', async () => {
    const [f] = await authFindings(TYK);
    expect(f).toMatchObject({ rule: 'auth-missing-in-code', severity: 'info' });
    expect(f?.message).toContain(`at openapi.yaml:${lineOf(TYK, '        bearerAuth:')} (x-tyk-api-gateway, Tyk)`);
  });

  it('Kong: an auth plugin (x-kong-plugin-key-auth) on the document guards each operation that does not turn it off', async () => {
    const found = await authFindings(KONG);
    expect(found.map((f) => `${f.rule} ${f.operation} ${f.severity}`).sort()).toEqual([
      'auth-missing-in-code GET /open critical',
      'auth-missing-in-code GET /path info',
    ]);
    expect(found.find((f) => f.operation === 'GET /path')?.message).toContain(
      `at openapi.yaml:${lineOf(KONG, 'x-kong-plugin-key-auth')} (x-kong-plugin-key-auth, Kong)`,
    );
    // An anonymous consumer lets requests without a key through to the code.
    const anonymous = KONG.replace('    hide_credentials: true', '    hide_credentials: true\n    anonymous: guest');
    expect((await authFindings(anonymous)).map((f) => f.severity)).toEqual(['critical', 'critical']);
  });

  it('an optional guard in the code behind the gateway is info too', async () => {
    const [f] = await authFindings(AWS_HTTP_JWT, 'optional');
    expect(f).toMatchObject({ rule: 'auth-optional-vs-required', severity: 'info' });
    expect(f?.message).toContain('security enforced by the gateway declared at');
  });

  it('a severity set for the rule in config does not raise what the gateway guards', async () => {
    const found = [...(await authFindings(KONG))];
    const { findings } = applyPolicy(found, { rules: { 'auth-missing-in-code': 'high' } });
    expect(findings.map((f) => `${f.operation} ${f.severity}`).sort()).toEqual(['GET /open high', 'GET /path info']);
  });

  it('stays critical when the gateway is not trusted (auth.trustGateway: false), and says why', async () => {
    const [f] = await authFindings(GOOGLE_ENDPOINTS, 'none', { trustGateway: false });
    expect(f?.severity).toBe('critical');
    expect(f?.message).toContain('is not trusted (config `auth.trustGateway: false`)');
  });

  it('stays critical without a gateway: a plain scheme, an x-api-key outside AWS, or Tyk passing auth through', async () => {
    const plain = GOOGLE_ENDPOINTS.replace(/ {4}x-google-[a-z_]+: .*\n/g, '');
    expect((await authFindings(plain)).map((f) => f.severity)).toEqual(['critical', 'critical']);
    const noIntegration = AWS_REST.replace(/ {6}x-amazon-apigateway-integration:\n( {8}.*\n)+/g, '').replace(
      / {4}x-amazon-apigateway-auth(type|orizer):.*\n( {6}.*\n)*/g,
      '',
    );
    const keyOnly = (await authFindings(noIntegration)).find((f) => f.operation === 'GET /pets/{id}');
    expect(keyOnly?.severity).toBe('critical');
    const passThrough = TYK.replace(
      '      enabled: true\n      securitySchemes',
      '      enabled: false\n      securitySchemes',
    );
    expect((await authFindings(passThrough)).map((f) => f.severity)).toEqual(['critical']);
  });

  it('stays critical when one alternative of the requirement reaches the code unchecked', async () => {
    const mixed = AWS_HTTP_JWT.replace(
      '        - jwt-authorizer: [orders/read]',
      '        - jwt-authorizer: [orders/read]\n        - basic: []',
    ).replace('  securitySchemes:\n', '  securitySchemes:\n    basic: {type: http, scheme: basic}\n');
    const [f] = await authFindings(mixed);
    expect(f).toMatchObject({ rule: 'auth-missing-in-code', severity: 'critical' });
  });
});
