export { buildSurface, detectSpecVersion } from './build-surface.js';
export { DISCOVERY_SKIPPED_DIRS, type DiscoveryResult, discoverSpecs, isSpecCandidate } from './discover-specs.js';
export { DocumentSet, escapePointerSegment, followPointer } from './document-set.js';
export { DocumentParseError, ParsedDocument, parseDocument } from './parse-document.js';
export {
  type DocumentedRead,
  readDocumentedSurfaces,
  readOpenApi,
  type SpecReadResult,
  specNotices,
} from './read-spec.js';
export { ASSERTION_SCHEMA_KEYWORDS, COPIED_SCHEMA_KEYWORDS, V2_INLINE_SCHEMA_KEYWORDS } from './schema-keywords.js';
export { hasDepthOneJsonKey, hasTopLevelSpecKey, type KeyScan, scanTopLevelKeys } from './top-level-key.js';
