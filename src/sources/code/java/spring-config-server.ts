import type { ExtractContext, Unparsed } from '../extractor.js';
import { moduleOf, readPropertyFile, readSpringProperties, type SpringProperties } from './spring-properties.js';

/** Where a config client's served properties come from, as far as the checkout can tell. */
export type ServedConfig =
  /** The properties the config server in the checkout serves this client, merged over its own (Spring's order). */
  | { kind: 'served'; properties: SpringProperties }
  /** The server reads them from outside the checkout (a Git repository, a folder elsewhere): not the checkout's to decide. */
  | { kind: 'outside'; why: string; at: { file: string; line: number } };

/** A Spring Cloud Config server module of the checkout: where it reads the files it serves. */
interface ConfigServer {
  module: string;
  /** Folders of the checkout it reads (`classpath:/shared` → `config/src/main/resources/shared/`), first listed first. */
  folders: string[];
  /** Set when it serves values from outside the checkout: a Git URI or a folder elsewhere. */
  outside?: string;
}

const CONFIG_FILE = /\.(properties|ya?ml)$/;

/**
 * Spring Cloud Config: a service whose `bootstrap.yml` (or `spring.config.import: configserver:`) names its
 * `spring.application.name` takes properties from the config server, and these win over its own. When the server is a
 * module of the checkout (`@EnableConfigServer`) with the `native` profile, the files it serves are read here from its
 * search locations: `application`, then `<name>`, then each active profile's `application-<profile>` and
 * `<name>-<profile>`, each overriding the one before. Returns the served properties per client module (`account-service/`).
 */
export async function configClients(
  context: ExtractContext,
  javaTexts: ReadonlyMap<string, string>,
  problems: Unparsed[],
): Promise<Map<string, ServedConfig>> {
  const out = new Map<string, ServedConfig>();
  const serverModules = [...javaTexts]
    .filter(([, text]) => text.includes('@EnableConfigServer'))
    .map(([file]) => moduleOf(file));
  const servers: ConfigServer[] = [];
  for (const module of new Set(serverModules)) servers.push(await readServer(context, module));
  const bootstraps = [...context.repoFiles].filter((f) =>
    /(^|\/)src\/main\/resources\/(bootstrap|application)\.(properties|ya?ml)$/.test(f),
  );
  for (const module of new Set(bootstraps.map(moduleOf))) {
    if (servers.some((s) => s.module === module)) continue;
    const own = await readSpringProperties(context, module);
    const name = own.values.get('spring.application.name');
    const isClient =
      own.values.get('spring.cloud.config.enabled') !== 'false' &&
      ([...own.origin].some(([key, file]) => key === 'spring.application.name' && /\/bootstrap\.\w+$/.test(file)) ||
        (own.values.get('spring.config.import') ?? '').includes('configserver:'));
    if (name === undefined || name.includes('$') || !isClient) continue;
    const nameFile = own.origin.get('spring.application.name') as string;
    const text = await context.read(nameFile);
    const line = (text ?? '').split(/\r?\n/).findIndex((l) => /(^|[.\s])name\s*[:=]/.test(l));
    const at = { file: nameFile, line: line < 0 ? 1 : line + 1 };
    // A client that names a config server the checkout does not hold takes its properties from outside it.
    const uri =
      own.values.get('spring.cloud.config.uri') ??
      /configserver:(\S*)/.exec(own.values.get('spring.config.import') ?? '')?.[1];
    if (servers.length === 0) {
      if (uri !== undefined)
        out.set(module, {
          kind: 'outside',
          why: `properties of ${name} served by the config server at ${uri || 'its default URI'}, not in the checkout`,
          at,
        });
      continue;
    }
    // One server in the checkout is the one the clients use; with more, the client's config URI would have to decide.
    const server = servers.length === 1 ? servers[0] : undefined;
    if (server === undefined) continue;
    if (server.outside !== undefined) {
      out.set(module, {
        kind: 'outside',
        why: `properties of ${name} served by the config server in ${server.module || './'} from ${server.outside}, outside the checkout`,
        at,
      });
      continue;
    }
    const profiles = activeProfiles(own);
    const served = await servedFiles(context, server, name, profiles, problems);
    out.set(module, { kind: 'served', properties: overlay(served, own) });
  }
  return out;
}

function activeProfiles(properties: SpringProperties): string[] {
  const listed = (properties.values.get('spring.profiles.active') ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '' && !p.includes('$') && !p.includes('@'));
  return listed.length > 0 ? listed : ['default'];
}

async function readServer(context: ExtractContext, module: string): Promise<ConfigServer> {
  const own = await readSpringProperties(context, module);
  const profiles = activeProfiles(own);
  const gitUri = own.values.get('spring.cloud.config.server.git.uri');
  if (!profiles.includes('native'))
    return { module, folders: [], outside: gitUri ?? 'a backend other than native (Git by default)' };
  // Spring Cloud Config's native defaults when no search location is set.
  const listed = own.values.get('spring.cloud.config.server.native.search-locations') ?? indexed(own);
  const locations = (listed ?? 'classpath:/,classpath:/config,file:./,file:./config')
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const folders: string[] = [];
  let outside: string | undefined;
  for (const location of locations) {
    const folder = checkoutFolder(module, location);
    if (folder === undefined) outside ??= location;
    else folders.push(folder);
  }
  return { module, folders, ...(outside !== undefined && listed !== undefined ? { outside } : {}) };
}

/** `search-locations` written as a YAML list. */
function indexed(properties: SpringProperties): string | undefined {
  const items = [...properties.values]
    .filter(([k]) => /^spring\.cloud\.config\.server\.native\.search-locations\[\d+\]$/.test(k))
    .map(([, v]) => v);
  return items.length > 0 ? items.join(',') : undefined;
}

/**
 * A search location as a folder of the checkout: `classpath:` under the server's `src/main/resources`, `file:` relative
 * to the checkout; `undefined` for a folder elsewhere (absolute, `..`, a placeholder) whose files the checkout lacks.
 */
function checkoutFolder(module: string, location: string): string | undefined {
  const m = /^(classpath|file):(.*)$/.exec(location);
  if (m === null || /[$~{]/.test(m[2] as string)) return undefined;
  const kind = m[1] as string;
  let path = (m[2] as string).replace(/^\.\//, '');
  if (kind === 'file' && (path.startsWith('/') || path.startsWith('..'))) return undefined;
  path = path.replace(/^\/+/, '').replace(/\/+$/, '');
  const base = kind === 'classpath' ? `${module}src/main/resources/` : '';
  return path === '' || path === '.' ? base : `${base}${path}/`;
}

/** The files the server serves a client, most specific first, as Spring Cloud Config ranks them. */
async function servedFiles(
  context: ExtractContext,
  server: ConfigServer,
  name: string,
  profiles: string[],
  problems: Unparsed[],
): Promise<{ file: string; keys: Map<string, string> }[]> {
  const stems: string[] = [];
  for (const profile of [...profiles].reverse()) stems.push(`${name}-${profile}`, `application-${profile}`);
  stems.push(name, 'application');
  const out: { file: string; keys: Map<string, string> }[] = [];
  for (const stem of stems)
    for (const folder of server.folders)
      for (const file of context.repoFiles) {
        if (!file.startsWith(folder) || !CONFIG_FILE.test(file)) continue;
        if (file.slice(folder.length).replace(CONFIG_FILE, '') !== stem) continue;
        const text = await context.read(file);
        if (text === undefined) continue;
        for (const doc of readPropertyFile(file, text, problems))
          if (doc.profile === undefined || profiles.includes(doc.profile)) out.push({ file, keys: doc.keys });
      }
  return out;
}

/** The served files' keys over the client's own: a key the server serves wins, as Spring Cloud Config's do by default. */
function overlay(served: { file: string; keys: Map<string, string> }[], own: SpringProperties): SpringProperties {
  const values = new Map<string, string>();
  const origin = new Map<string, string>();
  for (const { file, keys } of served)
    for (const [key, value] of keys)
      if (!values.has(key)) {
        values.set(key, value);
        origin.set(key, file);
      }
  const uncertain = new Map<string, string>();
  for (const [key, value] of own.values)
    if (!values.has(key)) {
      values.set(key, value);
      origin.set(key, own.origin.get(key) as string);
      const why = own.uncertain.get(key);
      if (why !== undefined) uncertain.set(key, why);
    }
  return { values, uncertain, origin, problems: own.problems };
}
