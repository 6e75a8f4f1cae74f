import picomatch from 'picomatch';

/**
 * A config glob (`**`, `*`, `?`, `[abc]`, nested `{a,b{c,d}}`, a leading `!` to negate) as a RegExp matching a
 * whole repo path or operation label. picomatch reads it; dot files match like any other.
 */
export function globToRegExp(glob: string): RegExp {
  return picomatch.makeRe(glob, { dot: true });
}

/** A matcher for one glob, `basename: true` to match a pattern without `/` against the last path segment. */
export function globTester(glob: string, options: { basename?: boolean } = {}): (path: string) => boolean {
  return picomatch(glob, { dot: true, ...(options.basename ? { basename: true } : {}) });
}
