import type { GatewayDeclaration } from '../../model/index.js';
import type { ParsedDocument } from './parse-document.js';

type Raw = Record<string, unknown>;

const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

const GOOGLE = 'Google Cloud Endpoints / API Gateway';
const AWS = 'AWS API Gateway';
const TYK = 'Tyk';

/**
 * Extensions on a security scheme that configure the gateway to validate it. Google's ESP/ESPv2 and API Gateway
 * validate a JWT whose issuer and keys the scheme names; AWS API Gateway runs the scheme's authorizer (Lambda,
 * Cognito user pool, JWT, IAM/SigV4) before the integration is called.
 */
const SCHEME_MARKERS: readonly { name: string; keys: readonly string[] }[] = [
  { name: GOOGLE, keys: ['x-google-issuer', 'x-google-jwks_uri', 'x-google-audiences'] },
  { name: AWS, keys: ['x-amazon-apigateway-authorizer', 'x-amazon-apigateway-authtype'] },
];

/** Extensions that make a whole document a gateway's configuration (at the root, or on an operation). */
const GOOGLE_DOC_KEYS = ['x-google-backend', 'x-google-management', 'x-google-endpoints', 'x-google-allow'];
const AWS_DOC_KEYS = [
  'x-amazon-apigateway-integration',
  'x-amazon-apigateway-api-key-source',
  'x-amazon-apigateway-integrations',
];

/**
 * API keys the gateway itself checks when its configuration requires one: Google's proxies take the key from the
 * `key` or `api_key` query parameter or the `x-api-key` header; AWS API Gateway from the `x-api-key` header.
 */
const GOOGLE_API_KEYS = new Set(['key', 'api_key', 'x-api-key']);

/**
 * The gateway the document configures to enforce each security scheme, by scheme name. Only what the document
 * says outright counts: a scheme carrying the gateway's own extension, an API key the gateway checks in a document
 * that is that gateway's configuration, or a scheme Tyk's `x-tyk-api-gateway.server.authentication` turns on.
 */
export function readSchemeGateways(data: Raw, root: ParsedDocument, schemes: Raw): Record<string, GatewayDeclaration> {
  const out: Record<string, GatewayDeclaration> = {};
  const documentOf = documentGateways(data, root, schemes);
  const tyk = tykSchemes(data, root);
  for (const [name, value] of Object.entries(schemes)) {
    if (!isRaw(value)) continue;
    const own = ownMarker(value, root);
    if (own) {
      out[name] = own;
      continue;
    }
    if (tyk[name]) {
      out[name] = tyk[name];
      continue;
    }
    if (value.type !== 'apiKey' || typeof value.name !== 'string') continue;
    const keyName = value.name.toLowerCase();
    const google = documentOf.get(GOOGLE);
    const aws = documentOf.get(AWS);
    if (google && GOOGLE_API_KEYS.has(keyName)) out[name] = google;
    else if (aws && value.in === 'header' && keyName === 'x-api-key') out[name] = aws;
  }
  return out;
}

function ownMarker(scheme: Raw, root: ParsedDocument): GatewayDeclaration | undefined {
  for (const { name, keys } of SCHEME_MARKERS) {
    const key = keys.find((k) => scheme[k] !== undefined && scheme[k] !== null && scheme[k] !== '');
    if (key) return { name, marker: key, location: root.locate(scheme, key) };
  }
  return undefined;
}

/** The first place the document shows it is each gateway's configuration, by gateway name. */
function documentGateways(data: Raw, root: ParsedDocument, schemes: Raw): Map<string, GatewayDeclaration> {
  const found = new Map<string, GatewayDeclaration>();
  const note = (name: string, container: Raw, keys: readonly string[]) => {
    if (found.has(name)) return;
    const key = keys.find((k) => container[k] !== undefined);
    if (key) found.set(name, { name, marker: key, location: root.locate(container, key) });
  };
  for (const value of Object.values(schemes)) {
    if (!isRaw(value)) continue;
    for (const { name, keys } of SCHEME_MARKERS) note(name, value, keys);
  }
  note(GOOGLE, data, GOOGLE_DOC_KEYS);
  note(AWS, data, AWS_DOC_KEYS);
  if (isRaw(data.paths)) {
    for (const item of Object.values(data.paths)) {
      if (!isRaw(item)) continue;
      for (const op of Object.values(item)) {
        if (!isRaw(op)) continue;
        note(GOOGLE, op, GOOGLE_DOC_KEYS);
        note(AWS, op, AWS_DOC_KEYS);
      }
    }
  }
  return found;
}

/**
 * Tyk OAS: `x-tyk-api-gateway.server.authentication` with `enabled: true` makes the gateway check the schemes it
 * enables (`securitySchemes.<name>.enabled: true`); without it Tyk passes credentials through to the upstream.
 */
function tykSchemes(data: Raw, root: ParsedDocument): Record<string, GatewayDeclaration> {
  const out: Record<string, GatewayDeclaration> = {};
  const tyk = data['x-tyk-api-gateway'];
  const server = isRaw(tyk) ? tyk.server : undefined;
  const authentication = isRaw(server) ? server.authentication : undefined;
  if (!isRaw(authentication) || authentication.enabled !== true) return out;
  const enabled = authentication.securitySchemes;
  if (!isRaw(enabled)) return out;
  for (const [name, value] of Object.entries(enabled)) {
    if (isRaw(value) && value.enabled === true)
      out[name] = { name: TYK, marker: 'x-tyk-api-gateway', location: root.locate(enabled, name) };
  }
  return out;
}

/**
 * Kong's authentication plugins (`x-kong-plugin-<name>`, as decK's openapi2kong and Insomnia read them). Each
 * rejects a request without a valid credential unless it names an `anonymous` consumer to let it through.
 */
const KONG_AUTH_PLUGINS = [
  'jwt',
  'key-auth',
  'key-auth-enc',
  'basic-auth',
  'hmac-auth',
  'oauth2',
  'oauth2-introspection',
  'openid-connect',
  'ldap-auth',
  'ldap-auth-advanced',
  'mtls-auth',
];

/**
 * The Kong authentication plugin that guards an operation, read from the operation, then its path item, then the
 * document: the nearest declaration of a plugin decides (an operation's `enabled: false` turns off the document's).
 */
export function readKongAuth(
  containers: readonly { value: Raw; doc: ParsedDocument }[],
): GatewayDeclaration | undefined {
  for (const plugin of KONG_AUTH_PLUGINS) {
    const key = `x-kong-plugin-${plugin}`;
    const nearest = containers.find((c) => c.value[key] !== undefined);
    if (!nearest) continue;
    const declared = nearest.value[key];
    if (!isRaw(declared) || declared.enabled === false) continue;
    const config = declared.config;
    if (isRaw(config) && typeof config.anonymous === 'string' && config.anonymous !== '') continue;
    return { name: 'Kong', marker: key, location: nearest.doc.locate(nearest.value, key) };
  }
  return undefined;
}
