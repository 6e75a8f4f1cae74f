export { buildSurface, detectSpecVersion } from './build-surface.js';
export { type DiscoveryResult, discoverSpecs, type SkippedFile } from './discover-specs.js';
export {
  DEFAULT_READ_LIMITS,
  DocumentSet,
  escapePointerSegment,
  followPointer,
  type ReadLimits,
} from './document-set.js';
export { DocumentParseError, ParsedDocument, parseDocument } from './parse-document.js';
export { type DocumentedRead, readDocumentedSurfaces, readOpenApi, type SpecReadResult } from './read-spec.js';
export { ASSERTION_SCHEMA_KEYWORDS, COPIED_SCHEMA_KEYWORDS, V2_INLINE_SCHEMA_KEYWORDS } from './schema-keywords.js';
