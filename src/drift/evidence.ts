import type { ApiSurface, Evidence, Operation, SourceLocation } from '../model/index.js';

/** Where a view saw an operation; falls back to its primary location when the view recorded no evidence list. */
export function evidenceOf(surface: ApiSurface, operation: Operation): Evidence[] {
  if (operation.evidence.length > 0) return operation.evidence;
  const loc = operation.location;
  if (loc === undefined) return [];
  if (surface.source === 'documented')
    return [{ source: 'documented', file: loc.file, line: loc.line, ...(loc.pointer ? { pointer: loc.pointer } : {}) }];
  if (surface.source === 'implemented')
    return [{ source: 'implemented', file: loc.file, line: loc.line, framework: 'unknown' }];
  return [];
}

/** Evidence of a precise place (a parameter, a schema property) of a view, else of the operation. */
export function evidenceAt(
  surface: ApiSurface,
  operation: Operation,
  location: SourceLocation | undefined,
): Evidence[] {
  if (location === undefined) return evidenceOf(surface, operation);
  if (surface.source === 'documented')
    return [
      {
        source: 'documented',
        file: location.file,
        line: location.line,
        ...(location.pointer ? { pointer: location.pointer } : {}),
      },
    ];
  if (surface.source === 'implemented') {
    const framework = operation.evidence.find((e) => e.source === 'implemented')?.framework ?? 'unknown';
    return [{ source: 'implemented', file: location.file, line: location.line, framework }];
  }
  return evidenceOf(surface, operation);
}

/** Merges evidence lists, dropping exact duplicates. */
export function mergeEvidence(...lists: Evidence[][]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const list of lists) {
    for (const e of list) {
      const key = JSON.stringify(e);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}
