import { joinPaths } from '../../../model/index.js';

/**
 * Routes a Flask docs package registers on the app by itself, with no route call in the project: flasgger's
 * `Swagger(app)` (its UI, its spec routes, the UI's OAuth redirect and static files) and flask-swagger-ui's
 * `get_swaggerui_blueprint(base_url, api_url)`. They serve the API's documentation, not the API, so they are listed
 * as left out (machinery) at the line that mounts them, never dropped silently.
 */
export interface DocsMountRoute {
  /** Path as Flask writes it (`/flasgger_static/<path:filename>`). */
  path: string;
  file: string;
  line: number;
  /** What serves it, for the left-out reason. */
  what: string;
}

/** The bounded text of a balanced `{…}` or `(…)` starting at `open` (untrusted input: at most 20,000 characters). */
function balanced(text: string, open: number): string | undefined {
  const pairs: Record<string, string> = { '{': '}', '(': ')', '[': ']' };
  const stack: string[] = [];
  let quote: string | undefined;
  for (let i = open; i < text.length && i < open + 20_000; i++) {
    const c = text[i] as string;
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (pairs[c] !== undefined) stack.push(pairs[c] as string);
    else if (c === stack.at(-1)) {
      stack.pop();
      if (stack.length === 0) return text.slice(open, i + 1);
    }
  }
  return undefined;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** A string value of a key in a dict's text (`"specs_route": "/docs/"`), the last one written. */
function stringKey(dict: string, key: string): string | undefined {
  const all = [...dict.matchAll(new RegExp(`["']${key}["']\\s*:\\s*["']([^"'\\n]*)["']`, 'g'))];
  return all.at(-1)?.[1];
}

function falseKey(dict: string, key: string): boolean {
  return new RegExp(`["']${key}["']\\s*:\\s*False\\b`).test(dict);
}

/** flasgger's `Swagger.DEFAULT_CONFIG` (flasgger/base.py), as far as the routes it registers go. */
const FLASGGER_DEFAULT = { specsRoute: '/apidocs/', specs: ['/apispec_1.json'], staticUrlPath: '/flasgger_static' };

interface FlasggerConfig {
  specsRoute: string;
  specs: string[];
  staticUrlPath: string | undefined;
  urlPrefix: string;
  swaggerUi: boolean;
  oauthRedirect: string | undefined;
  uiVersion: number;
}

/** Applies the keys a config dict's text sets over a config (flasgger's `dict.update`). */
function applyKeys(base: FlasggerConfig, dict: string): FlasggerConfig {
  const specsAt = dict.search(/["']specs["']\s*:\s*\[/);
  const specsText = specsAt < 0 ? undefined : balanced(dict, dict.indexOf('[', specsAt));
  const specs =
    specsText === undefined ? undefined : [...specsText.matchAll(/["']route["']\s*:\s*["']([^"'\n]+)["']/g)];
  const uiVersion = /["']uiversion["']\s*:\s*(\d+)/.exec(dict)?.[1];
  return {
    specsRoute: stringKey(dict, 'specs_route') ?? base.specsRoute,
    specs: specs ? specs.map((m) => m[1] as string) : base.specs,
    staticUrlPath: stringKey(dict, 'static_url_path') ?? base.staticUrlPath,
    urlPrefix: stringKey(dict, 'url_prefix') ?? base.urlPrefix,
    swaggerUi: falseKey(dict, 'swagger_ui') ? false : base.swaggerUi,
    oauthRedirect: stringKey(dict, 'oauth_redirect') ?? base.oauthRedirect,
    uiVersion: uiVersion !== undefined ? Number(uiVersion) : base.uiVersion,
  };
}

/** The text of the dict a name is bound to in one of the files (`swagger_config = {…}`), or undefined. */
function dictNamed(texts: ReadonlyMap<string, string>, name: string, first: string): string | undefined {
  const pattern = new RegExp(`^[ \\t]*${name}\\s*(?::[^=\\n]*)?=\\s*\\{`, 'm');
  for (const file of [first, ...[...texts.keys()].filter((f) => f !== first)]) {
    const text = texts.get(file) ?? '';
    const m = pattern.exec(text);
    if (m) return balanced(text, m.index + m[0].length - 1);
  }
  return undefined;
}

/** The keyword argument `name=` of a call's text, as written (up to the next top-level comma). */
function keywordArg(call: string, name: string): string | undefined {
  const m = new RegExp(`[(,]\\s*${name}\\s*=\\s*`).exec(call);
  if (m === null) return undefined;
  const start = m.index + m[0].length;
  const c = call[start];
  if (c === '{' || c === '(' || c === '[') return balanced(call, start);
  return /^[^,)]*/.exec(call.slice(start))?.[0].trim();
}

/** Whether a file binds a name to the package's object (`from flasgger import Swagger`, `import flasgger`). */
function importsFrom(text: string, pkg: string, name: string): boolean {
  return (
    new RegExp(`^\\s*from\\s+${pkg}(?:\\.\\w+)*\\s+import\\s+[^\\n]*\\b${name}\\b`, 'm').test(text) ||
    new RegExp(`^\\s*import\\s+${pkg}\\b`, 'm').test(text)
  );
}

/** Every `Swagger(…)` of flasgger that is given an app (as an argument or through `init_app(app)`). */
function flasggerMounts(texts: ReadonlyMap<string, string>): DocsMountRoute[] {
  const out: DocsMountRoute[] = [];
  // `SWAGGER = {…}` in a config class, or `app.config['SWAGGER'] = {…}`: flasgger's `load_config` updates with it.
  let appConfig: string | undefined;
  for (const text of texts.values()) {
    const m = /(?:^[ \t]*SWAGGER\s*=\s*|\.config\[\s*["']SWAGGER["']\s*\]\s*=\s*)\{/m.exec(text);
    if (m) appConfig = balanced(text, m.index + m[0].length - 1);
  }
  for (const [file, text] of texts) {
    if (!importsFrom(text, 'flasgger', 'Swagger')) continue;
    for (const m of text.matchAll(/^([ \t]*)(?:(\w+)\s*=\s*)?(?:flasgger\.)?Swagger\s*\(/gm)) {
      const open = (m.index ?? 0) + m[0].length - 1;
      const call = balanced(text, open);
      if (call === undefined) continue;
      const firstArg = /^\(\s*([A-Za-z_][\w.]*)\s*(?:[,)])/.exec(call)?.[1];
      const given = firstArg !== undefined || keywordArg(call, 'app') !== undefined;
      const variable = m[2];
      const initialised =
        variable !== undefined &&
        [...texts.values()].some((t) => new RegExp(`\\b${variable}\\.init_app\\s*\\(`).test(t));
      if (!given && !initialised) continue;
      const configArg = keywordArg(call, 'config');
      const merge = /^True$/.test(keywordArg(call, 'merge') ?? '');
      const configText =
        configArg === undefined
          ? undefined
          : configArg.startsWith('{')
            ? configArg
            : /^\w+$/.test(configArg)
              ? dictNamed(texts, configArg, file)
              : undefined;
      const empty: FlasggerConfig = {
        specsRoute: FLASGGER_DEFAULT.specsRoute,
        specs: [],
        staticUrlPath: undefined,
        urlPrefix: '',
        swaggerUi: true,
        oauthRedirect: undefined,
        uiVersion: 3,
      };
      const defaults: FlasggerConfig = {
        ...empty,
        specs: FLASGGER_DEFAULT.specs,
        staticUrlPath: FLASGGER_DEFAULT.staticUrlPath,
      };
      // `Swagger(app, config=c)` replaces the default config, unless `merge=True`; a config that cannot be read
      // leaves the defaults (what is listed then is flasgger's own default mount).
      let config = configText === undefined ? defaults : applyKeys(merge ? defaults : empty, configText);
      if (appConfig !== undefined) config = applyKeys(config, appConfig);
      const line = lineAt(text, (m.index ?? 0) + (m[1]?.length ?? 0));
      const at = (path: string, what: string) =>
        out.push({ path: joinPaths(config.urlPrefix, path), file, line, what });
      if (config.swaggerUi) {
        at(config.specsRoute, 'flasgger Swagger UI');
        at(
          config.oauthRedirect ?? (config.uiVersion < 3 ? `${config.specsRoute}/o2c.html` : '/oauth2-redirect.html'),
          'flasgger Swagger UI OAuth redirect',
        );
        at('/apidocs/index.html', 'flasgger Swagger UI (redirect)');
        if (config.staticUrlPath !== undefined)
          at(`${config.staticUrlPath}/<path:filename>`, 'flasgger Swagger UI static files');
      }
      for (const spec of config.specs) at(spec, 'flasgger spec');
    }
  }
  return out;
}

/** flask-swagger-ui's `get_swaggerui_blueprint(base_url, api_url)`: its blueprint serves the UI under `base_url`. */
function swaggerUiBlueprints(
  texts: ReadonlyMap<string, string>,
  resolve: (file: string, expr: string) => string | undefined,
): DocsMountRoute[] {
  const out: DocsMountRoute[] = [];
  for (const [file, text] of texts) {
    if (!importsFrom(text, 'flask_swagger_ui', 'get_swaggerui_blueprint')) continue;
    for (const m of text.matchAll(/\bget_swaggerui_blueprint\s*\(/g)) {
      const call = balanced(text, (m.index ?? 0) + m[0].length - 1);
      const first = call === undefined ? undefined : /^\(\s*([^,)]+)/.exec(call)?.[1]?.trim();
      const base = first === undefined ? undefined : resolve(file, first);
      if (base === undefined) continue;
      out.push({
        path: joinPaths(base, '/<path:path>'),
        file,
        line: lineAt(text, m.index ?? 0),
        what: 'Swagger UI (flask-swagger-ui)',
      });
    }
  }
  return out;
}

/**
 * The routes docs packages mount on a Flask app. `resolve` gives the string an expression of a file evaluates to
 * (a constant, a setting), or undefined.
 */
export function flaskDocsMounts(
  texts: ReadonlyMap<string, string>,
  resolve: (file: string, expr: string) => string | undefined,
): DocsMountRoute[] {
  return [...flasggerMounts(texts), ...swaggerUiBlueprints(texts, resolve)];
}
