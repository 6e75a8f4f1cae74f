import { tokenizeName } from './tokenize.js';

/** The `pii` section of `.github/specwatch.yml`, as the classifier needs it. */
export interface PiiSettings {
  /** Extra categories with field-name globs (`badge*`, `employee_number`) and an optional HIPAA letter. */
  categories?: readonly { name: string; hipaa?: string; patterns: readonly string[] }[];
  /** Field-path globs known to be safe (`response.*.internalId`, `*.orderNumber`). */
  allow?: readonly string[];
}

/** Settings compiled once and reused for every field. */
export interface ClassifierOptions {
  readonly customCategories: readonly { name: string; hipaa?: string; patterns: readonly RegExp[] }[];
  readonly allow: readonly RegExp[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\?]/g, '\\$&');
}

/**
 * Field-path glob: `**` any run of characters, `*` any characters within one segment. A glob that does not start with
 * a location (`request`, `response`, `query`, `path`, `header`, `cookie`) matches any suffix of segments, so
 * `*.orderNumber` covers `response.200.order.orderNumber`.
 */
export function compileFieldGlob(glob: string): RegExp {
  const body = glob
    .split('**')
    .map((part) => part.split('*').map(escapeRegExp).join('[^.]*'))
    .join('.*');
  const anchored = /^(?:request|response|query|path|header|cookie)\b/i.test(glob);
  return new RegExp(anchored ? `^${body}$` : `(?:^|\\.)${body}$`, 'i');
}

/** Name glob over a field name: matched against the raw leaf and its tokens joined with `_` and without separator. */
function compileNameGlob(glob: string): RegExp {
  const body = glob.split('*').map(escapeRegExp).join('.*');
  return new RegExp(`^${body}$`, 'i');
}

/** Compiles the config's `pii` section; call once per run. */
export function compileClassifierOptions(settings: PiiSettings = {}): ClassifierOptions {
  return {
    customCategories: (settings.categories ?? []).map((c) => ({
      name: c.name,
      hipaa: c.hipaa,
      patterns: c.patterns.map(compileNameGlob),
    })),
    allow: (settings.allow ?? []).map(compileFieldGlob),
  };
}

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = compileClassifierOptions();

/** The custom category whose pattern matches the leaf name, if any. */
export function matchCustomCategory(
  options: ClassifierOptions,
  leaf: string,
): { name: string; hipaa?: string } | undefined {
  if (options.customCategories.length === 0) return undefined;
  const tokens = tokenizeName(leaf);
  const forms = [leaf, tokens.join('_'), tokens.join('')];
  for (const category of options.customCategories) {
    if (category.patterns.some((re) => forms.some((f) => re.test(f)))) return category;
  }
  return undefined;
}

/** True when the field path is on the allow-list. */
export function isAllowListed(options: ClassifierOptions, fieldPath: string): boolean {
  if (options.allow.length === 0) return false;
  const normalized = fieldPath.replace(/\[\]/g, '');
  return options.allow.some((re) => re.test(fieldPath) || re.test(normalized));
}
