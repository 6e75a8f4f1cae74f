import { erasePathParams, joinPaths } from './identity.js';
import type { Operation } from './operation.js';
import type { ApiSurface } from './surface.js';

/** One place a view is served from: a host (when the view names one) and the path prefix under it. */
export interface MountServer {
  /** Lower-case `host[:port]`, default ports dropped; absent when the view names no host (`/api`, code). */
  host?: string;
  /** `/api`, `/v1`; `''` for the root. */
  basePath: string;
}

/**
 * Where a view is mounted: every server it is served from. The docs declare it (`servers[].url`, variables expanded;
 * 2.0 `host` + `basePath`), code resolves it (global prefixes; `code.basePath` overrides), traffic shows it (hosts).
 */
export interface Mount {
  servers: MountServer[];
  /** How the mount is known: declared by the docs, given by config, resolved from code, seen in traffic. */
  origin: 'declared' | 'override' | 'resolved' | 'observed';
}

/** The mount of a surface: its own, else its `basePath` alone. */
export function mountOf(surface: Pick<ApiSurface, 'mount' | 'basePath'>): Mount {
  return surface.mount ?? { servers: [{ basePath: surface.basePath }], origin: 'resolved' };
}

const URL_HEAD = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i;

/**
 * The host and path prefix of a server URL, absolute (`https://api.example.com:443/v1`) or relative (`/v1`, `v1`).
 * Hosts still holding a `{variable}` are left out (they name no host that traffic can match).
 */
export function parseServerUrl(url: string): MountServer {
  const m = URL_HEAD.exec(withSchemeIfHost(url.trim()));
  let path = m ? (m[3] as string) : url.trim();
  path = path.split(/[?#]/)[0] as string;
  const joined = joinPaths(path);
  const server: MountServer = { basePath: joined === '/' ? '' : joined };
  if (m) {
    const host = normalizeHost((m[1] as string).toLowerCase(), m[2] as string);
    if (host.length > 0 && !host.includes('{')) server.host = host;
  }
  return server;
}

/**
 * A server written as a host without a scheme (`localhost:8080/v1`, `api.example.com/v2`, as swag and hand-written
 * specs do) names a host and a base path, not a relative path `/localhost:8080/v1`: its first segment has a port, is
 * `localhost`, or is a dotted name ending in a letter label. `api/v1` and `v1.2/x` stay relative paths.
 */
const HOST_FIRST =
  /^(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}|[a-z0-9.-]+:\d+|\[[0-9a-f:.]+\](?::\d+)?)(?=[/?#]|$)/i;

function withSchemeIfHost(url: string): string {
  return !URL_HEAD.test(url) && !url.startsWith('/') && !url.startsWith('{') && HOST_FIRST.test(url)
    ? `http://${url}`
    : url;
}

/** `Host:443` over https → `host`; credentials dropped; lower case. */
export function normalizeHost(scheme: string, authority: string): string {
  let host = authority.toLowerCase();
  const at = host.lastIndexOf('@');
  if (at >= 0) host = host.slice(at + 1);
  if ((scheme === 'https' && host.endsWith(':443')) || (scheme === 'http' && host.endsWith(':80')))
    host = host.slice(0, host.lastIndexOf(':'));
  return host;
}

/** The host of an origin (`https://api.example.com` → `api.example.com`). */
export function hostOfOrigin(origin: string): string | undefined {
  const m = URL_HEAD.exec(origin);
  return m ? normalizeHost((m[1] as string).toLowerCase(), m[2] as string) : undefined;
}

/** Mount servers without duplicates, longest base path first (so the most specific prefix is stripped). */
export function orderMountServers(servers: readonly MountServer[]): MountServer[] {
  const seen = new Set<string>();
  const out: MountServer[] = [];
  for (const s of servers) {
    const key = `${s.host ?? ''} ${s.basePath}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out.sort((a, b) => b.basePath.length - a.basePath.length);
}

/**
 * The servers of a mount that apply to a request seen on `hosts`: when the mount names hosts and one of them was
 * seen, only those servers (staging and prod may mount differently); otherwise all of them.
 */
export function serversForHosts(mount: Mount, hosts: readonly string[]): MountServer[] {
  if (hosts.length > 0) {
    const named = mount.servers.filter((s) => s.host !== undefined && hosts.includes(s.host));
    if (named.length > 0) return orderMountServers([...named, ...mount.servers.filter((s) => s.host === undefined)]);
  }
  return orderMountServers(mount.servers);
}

/**
 * Strips a mount from a full path once: the longest base path of the applicable servers that prefixes the path on a
 * segment boundary. Undefined when no base path fits (a root mount always fits).
 */
export function stripMount(
  fullPath: string,
  mount: Mount,
  hosts: readonly string[] = [],
): { basePath: string; path: string } | undefined {
  const path = joinPaths(fullPath);
  for (const s of serversForHosts(mount, hosts)) {
    const base = s.basePath;
    if (base === '' || base === '/') return { basePath: '', path };
    if (path === base) return { basePath: base, path: '/' };
    if (path.startsWith(`${base}/`)) return { basePath: base, path: path.slice(base.length) };
  }
  return undefined;
}

/** How another view was lined up with the docs when the declared mount did not fit. */
export interface MountGuess {
  /** `bare`: the view serves the docs' paths without their base path; `prefixed`: under an extra prefix. */
  kind: 'bare' | 'prefixed';
  /** The prefix the other view was found under (`''` for bare). */
  prefix: string;
  /** Operations the guess lined up, against those the declared mount lined up. */
  matched: number;
  declaredMatched: number;
}

/** Another view renamed into the docs' terms, and how. */
export interface AlignedView {
  /**
   * A copy of the other view whose operation paths are full paths as the docs name them (the docs' first base path
   * + the path relative to the mount that fitted), `basePath` `''`. Operations outside every doc mount keep their own
   * full path.
   */
  surface: ApiSurface;
  /** Set when the whole view lined up only after a mount was guessed. */
  guess?: MountGuess;
}

function hostsOf(op: Operation): string[] {
  const out: string[] = [];
  for (const origin of Object.keys(op.observed?.origins ?? {})) {
    const host = hostOfOrigin(origin);
    if (host !== undefined) out.push(host);
  }
  return out;
}

interface Attempt {
  renamed: Map<Operation, string>;
  matched: number;
}

function attempt(other: ApiSurface, docs: readonly ApiSurface[], prefix: string | undefined): Attempt {
  const renamed = new Map<Operation, string>();
  let matched = 0;
  for (const op of other.operations) {
    const full = joinPaths(other.basePath, op.path);
    const hosts = hostsOf(op);
    let fallback: string | undefined;
    for (const doc of docs) {
      const keys = relativeKeysOf(doc);
      let mount = mountOf(doc);
      let from = full;
      if (prefix !== undefined) {
        // A guess: the docs' mount is replaced by `prefix` (bare when '').
        mount = { servers: [{ basePath: prefix }], origin: mount.origin };
      }
      const stripped = stripMount(from, mount, hosts);
      if (stripped === undefined) continue;
      from = stripped.path;
      const named = joinPaths(doc.basePath, from);
      if (keys.has(`${op.method} ${erasePathParams(from)}`)) {
        renamed.set(op, named);
        matched++;
        fallback = undefined;
        break;
      }
      fallback ??= named;
    }
    if (fallback !== undefined) renamed.set(op, fallback);
  }
  return { renamed, matched };
}

const relativeKeyCache = new WeakMap<ApiSurface, Set<string>>();

/** `METHOD /path/{}` of every documented operation, relative to the docs' mount. */
function relativeKeysOf(doc: ApiSurface): Set<string> {
  let keys = relativeKeyCache.get(doc);
  if (keys === undefined) {
    keys = new Set(doc.operations.map((op) => `${op.method} ${erasePathParams(op.path)}`));
    relativeKeyCache.set(doc, keys);
  }
  return keys;
}

/** The longest run of leading static segments every operation of a view shares (`/api`), or `''`. */
function commonStaticPrefix(surface: ApiSurface): string {
  let common: string[] | undefined;
  for (const op of surface.operations) {
    const segs = joinPaths(surface.basePath, op.path)
      .split('/')
      .filter((s) => s.length > 0);
    // The last segment is the operation itself, not a mount.
    const head = segs.slice(0, -1);
    const stat: string[] = [];
    for (const s of head) {
      if (s.includes('{')) break;
      stat.push(s);
    }
    if (common === undefined) common = stat;
    else {
      let i = 0;
      while (i < common.length && i < stat.length && common[i] === stat[i]) i++;
      common = common.slice(0, i);
    }
    if (common.length === 0) return '';
  }
  return common && common.length > 0 ? `/${common.join('/')}` : '';
}

/**
 * Leading static prefixes of the view's operations (`/ecommerce`, `/ecommerce/v1`) carried by at least two of them,
 * most carried first: where a deployment prefix sits when a few routes (a health check, the docs UI) live outside it.
 */
function sharedLeadingPrefixes(surface: ApiSurface, limit: number): string[] {
  const counts = new Map<string, number>();
  for (const op of surface.operations) {
    const segs = joinPaths(surface.basePath, op.path)
      .split('/')
      .filter((s) => s.length > 0);
    // The last segment is the operation itself, not a mount.
    const head = segs.slice(0, -1);
    for (let n = 1; n <= head.length; n++) {
      if ((head[n - 1] as string).includes('{')) break;
      const prefix = `/${head.slice(0, n).join('/')}`;
      counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)
    .slice(0, limit)
    .map(([prefix]) => prefix);
}

/** How many leading prefixes a view may be tried under (each try walks the whole view). */
const PREFIX_TRIES = 24;

/**
 * Lines another view (code, traffic) up with the docs: each side's mount is stripped once — the docs' by their
 * declared servers (host-matched when the view saw hosts the docs name), the other's by its own base path — and each
 * operation is renamed by the docs' path. When the declared mount lines up fewer operations than serving the docs'
 * paths bare (a proxy adds the base path) or under one extra prefix the whole view shares, that guess is kept and
 * reported. A prefix only part of the view shares (routes outside it: a health check, the docs UI) is kept only when
 * the declared mount lines up nothing, it lines up at least two operations and a clear majority of those that could
 * line up, and no other prefix lines up as many: otherwise the views stay as declared.
 */
export function alignToDocs(other: ApiSurface, docs: readonly ApiSurface[]): AlignedView {
  if (docs.length === 0) return { surface: other };
  const declared = attempt(other, docs, undefined);
  let best = declared;
  let guess: MountGuess | undefined;
  const docBases = new Set(docs.flatMap((d) => mountOf(d).servers.map((s) => s.basePath)));
  const candidates: { kind: MountGuess['kind']; prefix: string; partial: boolean }[] = [];
  if ([...docBases].some((b) => b !== '')) candidates.push({ kind: 'bare', prefix: '', partial: false });
  const common = commonStaticPrefix(other);
  if (common !== '' && !docBases.has(common)) {
    // Longest first: `/internal/api` before `/internal`.
    const segs = common.split('/').filter((s) => s.length > 0);
    for (let n = segs.length; n > 0; n--)
      candidates.push({ kind: 'prefixed', prefix: `/${segs.slice(0, n).join('/')}`, partial: false });
  }
  for (const prefix of sharedLeadingPrefixes(other, PREFIX_TRIES)) {
    if (docBases.has(prefix) || candidates.some((c) => c.prefix === prefix)) continue;
    candidates.push({ kind: 'prefixed', prefix, partial: true });
  }
  const docCount = docs.reduce((n, d) => n + d.operations.length, 0);
  // The most operations that could line up: a prefix must explain a clear majority of them.
  const possible = Math.min(docCount, other.operations.length);
  let tied = false;
  for (const c of candidates) {
    if (c.partial && declared.matched > 0) continue;
    const tried = attempt(other, docs, c.prefix);
    if (c.partial && (tried.matched < 2 || tried.matched * 2 <= possible)) continue;
    if (guess !== undefined && tried.matched === best.matched && c.partial) tied = true;
    if (tried.matched > best.matched) {
      best = tried;
      tied = false;
      guess = { kind: c.kind, prefix: c.prefix, matched: tried.matched, declaredMatched: declared.matched };
    }
  }
  // Two prefixes that explain the same operations: nothing says which is the deployment's, so none is guessed.
  if (tied) {
    best = declared;
    guess = undefined;
  }
  const operations = other.operations.map((op) => {
    const path = best.renamed.get(op);
    return path === undefined ? { ...op, path: joinPaths(other.basePath, op.path) } : { ...op, path };
  });
  const surface: ApiSurface = { ...other, basePath: '', operations };
  return guess === undefined ? { surface } : { surface, guess };
}

/**
 * The documented views of a run: the specs, then the docs written in code (swaggo, flasgger, `@nestjs/swagger`)
 * lined up with the specs as the code is, so an operation both document carries the spec's name in both views and a
 * drift both miss is one finding (with the evidence of each), not one per view.
 */
export function documentedViews(specs: readonly ApiSurface[], docsInCode: ApiSurface | undefined): ApiSurface[] {
  return docsInCode === undefined ? [...specs] : [...specs, alignToDocs(docsInCode, specs).surface];
}
