import type { ApiSurface, Operation, Parameter, Response, Schema } from '../model/index.js';

/** The named schemas a set of schema nodes reaches, copied from the surface, so a fix carries what it refers to. */
export function collectSchemas(
  surface: Pick<ApiSurface, 'schemas'>,
  roots: readonly (Schema | undefined)[],
): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  const stack: Schema[] = roots.filter((r): r is Schema => r !== undefined);
  const seen = new Set<Schema>();
  while (stack.length > 0) {
    const node = stack.pop() as Schema;
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.$ref !== undefined) {
      const target = surface.schemas[node.$ref];
      if (target !== undefined && out[node.$ref] === undefined) {
        out[node.$ref] = target;
        stack.push(target);
      }
    }
    for (const child of Object.values(node.properties ?? {})) stack.push(child);
    if (node.items) stack.push(node.items);
    if (typeof node.additionalProperties === 'object') stack.push(node.additionalProperties);
    for (const b of [...(node.oneOf ?? []), ...(node.anyOf ?? []), ...(node.allOf ?? [])]) stack.push(b);
    if (node.not) stack.push(node.not);
  }
  return out;
}

/** Schemas of everything an operation carries. */
export function operationSchemas(op: Operation): Schema[] {
  return [
    ...op.parameters.map((p: Parameter) => p.schema),
    ...Object.values(op.requestBody?.content ?? {}).map((c) => c.schema),
    ...op.responses.flatMap((r: Response) => [
      ...Object.values(r.content).map((c) => c.schema),
      ...Object.values(r.headers).map((h) => h.schema),
    ]),
  ].filter((s): s is Schema => s !== undefined);
}

/** `path` as the doc writes it: the full path minus the doc's base path (when the full path starts with it). */
export function docRelativePath(fullPath: string, docBasePath: string): string {
  if (!docBasePath || docBasePath === '/') return fullPath;
  if (fullPath === docBasePath) return '/';
  return fullPath.startsWith(`${docBasePath}/`) ? fullPath.slice(docBasePath.length) : fullPath;
}
