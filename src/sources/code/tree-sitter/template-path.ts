/** Path syntaxes of the frameworks read with tree-sitter. */
export type PathSyntax = 'braces' | 'flask' | 'colon';

/**
 * Rewrites a route path into an OpenAPI template (`{name}` parameters), scanning braces with nesting so regex
 * constraints like chi's `{code:[a-z]{3}}` or Spring's `{id:\d+}` lose their pattern, not their closing brace.
 * - `braces`: FastAPI/Starlette `{p:path}`, Spring `{id:regex}`, chi `{id:regex}` and chi's `*` wildcard.
 * - `flask`: Werkzeug `<int:id>`, `<path:p>`, `<id>`.
 * - `colon`: Gin/httprouter `:id` and `*rest`.
 */
export function templatePath(path: string, syntax: PathSyntax): string {
  if (syntax === 'flask') return templateFlask(path);
  if (syntax === 'colon') {
    return path
      .split('/')
      .map((segment) =>
        segment.startsWith(':') || segment.startsWith('*') ? `{${segment.slice(1) || 'path'}}` : segment,
      )
      .join('/');
  }
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i] as string;
    if (c !== '{') {
      out += c;
      continue;
    }
    let depth = 1;
    let j = i + 1;
    while (j < path.length && depth > 0) {
      if (path[j] === '{') depth++;
      else if (path[j] === '}') depth--;
      j++;
    }
    const inner = path.slice(i + 1, depth === 0 ? j - 1 : j);
    const colon = inner.indexOf(':');
    let name = colon >= 0 ? inner.slice(0, colon) : inner;
    name = name
      .replace(/^\*/, '')
      .replace(/\.\.\.$/, '')
      .trim();
    out += `{${name}}`;
    i = j - 1;
  }
  // chi and Spring catch-alls at the end of a path (`/static/*`, `/files/**`).
  return out.replace(/\/\*\*?$/, '/{path}');
}

function templateFlask(path: string): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i] as string;
    const end = c === '<' ? path.indexOf('>', i) : -1;
    if (end < 0) {
      out += c;
      continue;
    }
    const inner = path.slice(i + 1, end);
    out += `{${inner.slice(inner.lastIndexOf(':') + 1).trim()}}`;
    i = end;
  }
  return out;
}
