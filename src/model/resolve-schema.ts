import type { Schema } from './schema.js';
import type { ApiSurface } from './surface.js';

/** Follows `$ref` nodes to the named schema (through ref-to-ref chains); returns the node itself otherwise. */
export function resolveSchema(surface: Pick<ApiSurface, 'schemas'>, schema: Schema): Schema {
  // Called for every node the comparers touch, most of them inline or one hop from their target: no Set for those.
  if (schema.$ref === undefined) return schema;
  const first = surface.schemas[schema.$ref];
  if (first === undefined) return schema;
  if (first.$ref === undefined) return first;
  let current = schema;
  const seen = new Set<string>();
  while (current.$ref !== undefined) {
    if (seen.has(current.$ref)) return current;
    seen.add(current.$ref);
    const target = surface.schemas[current.$ref];
    if (target === undefined) return current;
    current = target;
  }
  return current;
}

/**
 * Visits every property of a schema depth-first with its dotted path (`customer.address.line1`, arrays as `[]`).
 * Each named schema is expanded once per walk, at the first place it is reached: real specs (Stripe's) link
 * hundreds of schemas to each other, and expanding every path through that graph is exponential.
 */
export function walkSchemaProperties(
  surface: Pick<ApiSurface, 'schemas'>,
  root: Schema,
  visit: (path: string, schema: Schema, parent: Schema, name: string) => void,
  prefix = '',
): void {
  const expanded = new Set<string>();
  const walk = (node: Schema, path: string): void => {
    const ref = node.$ref;
    if (ref !== undefined) {
      if (expanded.has(ref)) return;
      expanded.add(ref);
    }
    const s = resolveSchema(surface, node);
    for (const [name, child] of Object.entries(s.properties ?? {})) {
      const childPath = path ? `${path}.${name}` : name;
      visit(childPath, child, s, name);
      walk(child, childPath);
    }
    if (s.items) walk(s.items, path ? `${path}[]` : '[]');
    for (const branch of [...(s.oneOf ?? []), ...(s.anyOf ?? []), ...(s.allOf ?? [])]) walk(branch, path);
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, path ? `${path}.*` : '*');
  };
  walk(root, prefix);
}
