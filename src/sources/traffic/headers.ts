/**
 * Header names that are transport, browser or CDN plumbing rather than part of an API's contract; only other
 * names are learned (by name, never value).
 */
const STANDARD = new Set([
  'accept',
  'accept-charset',
  'accept-encoding',
  'accept-language',
  'accept-ranges',
  'access-control-allow-credentials',
  'access-control-allow-headers',
  'access-control-allow-methods',
  'access-control-allow-origin',
  'access-control-expose-headers',
  'access-control-max-age',
  'access-control-request-headers',
  'access-control-request-method',
  'age',
  'allow',
  'alt-svc',
  'cache-control',
  'cf-cache-status',
  'cf-ray',
  'connection',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-length',
  'content-location',
  'content-range',
  'content-security-policy',
  'content-security-policy-report-only',
  'content-type',
  'cookie',
  'cross-origin-embedder-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'date',
  'dnt',
  'etag',
  'expect',
  'expect-ct',
  'expires',
  'forwarded',
  'host',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-range',
  'if-unmodified-since',
  'keep-alive',
  'last-modified',
  'link',
  'nel',
  'origin',
  'permissions-policy',
  'pragma',
  'priority',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'range',
  'referer',
  'referrer-policy',
  'report-to',
  'retry-after',
  'server',
  'server-timing',
  'set-cookie',
  'strict-transport-security',
  'te',
  'timing-allow-origin',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'upgrade-insecure-requests',
  'user-agent',
  'vary',
  'via',
  'warning',
  'www-authenticate',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-powered-by',
  'x-xss-protection',
  'x-requested-with',
  'x-request-id',
  'x-correlation-id',
  'x-amzn-requestid',
  'x-amzn-trace-id',
  'x-amz-cf-id',
  'x-amz-cf-pop',
  'x-cache',
  'x-served-by',
  'x-timer',
  'x-real-ip',
  'x-envoy-upstream-service-time',
  'traceparent',
  'tracestate',
  'baggage',
  'sentry-trace',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-parentspanid',
  'x-b3-sampled',
  'x-cloud-trace-context',
  'x-datadog-trace-id',
  'x-datadog-parent-id',
  'x-datadog-sampling-priority',
  'x-datadog-origin',
  'x-middleware-prefetch',
  'purpose',
  'x-purpose',
  'x-moz',
  'save-data',
  'x-client-data',
]);

/** Whether a (lower-case) header name is plumbing, not API contract. HTTP/2 pseudo-headers are too. */
export function isStandardHeader(name: string): boolean {
  return (
    STANDARD.has(name) ||
    name.startsWith(':') ||
    name.startsWith('sec-') ||
    name.startsWith('x-forwarded-') ||
    name.startsWith('cf-') ||
    name.startsWith('x-vercel-') ||
    name.startsWith('x-chrome-') ||
    name.startsWith('x-goog-') ||
    name.startsWith('x-ms-') ||
    name.startsWith('x-envoy-')
  );
}

/** Header names that are a valid token: anything else (a value pasted as a name) is not kept. */
export function isHeaderNameToken(name: string): boolean {
  return name.length > 0 && name.length <= 64 && /^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name) && !/\d{4,}/.test(name);
}

/** Header names that carry credentials: their values are auth, never a parameter. */
export function isCredentialHeader(name: string): boolean {
  return (
    name === 'authorization' ||
    name === 'proxy-authorization' ||
    name === 'cookie' ||
    /api[-_]?key|auth[-_]?token|access[-_]?token|(^|-)token$|(^|-)secret$|session|csrf|xsrf|^x-auth/.test(name)
  );
}

/** The first value of a header (case-insensitive name), or undefined. */
export function headerValue(headers: readonly { name: string; value: string }[], name: string): string | undefined {
  for (const h of headers) if (h.name.length === name.length && h.name.toLowerCase() === name) return h.value;
  return undefined;
}
