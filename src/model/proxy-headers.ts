/**
 * Request headers a reverse proxy or load balancer writes, not the API's client: RFC 7239's `Forwarded`, the de-facto
 * `X-Forwarded-*` set (`-For`, `-Proto`, `-Host`, `-Port`, `-Prefix`) and nginx's `X-Real-IP`. A handler reading
 * one learns where the request came from; an API document describes what a client sends, so it never lists them.
 * They are not compared with the docs (no `undocumented-parameter`, no `undocumented-pii`: the address they carry is
 * the proxy's record of the connection, not data the API asks its client for), and each run says so.
 */
export function isProxyHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'forwarded' || lower === 'x-real-ip' || lower.startsWith('x-forwarded-');
}
