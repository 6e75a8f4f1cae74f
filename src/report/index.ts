export { buildInventory, type PiiClassifier } from './build-inventory.js';
export { type CheckAnnotation, findingsToAnnotations } from './findings-annotations.js';
export {
  describeEvidence,
  groupByOperation,
  isShared,
  type OperationGroup,
  SHARED_SCHEMAS_GROUP,
} from './findings-group.js';
export { type FindingsJson, findingsToJson, noticesToJson, renderFindingsJson } from './findings-json.js';
export {
  type ChangelogSection,
  GITHUB_MARKDOWN_LIMIT,
  type MarkdownFindingsOptions,
  renderChangelogMarkdown,
  renderFindingsMarkdown,
  truncateBytes,
} from './findings-markdown.js';
export { findingsToSarif, renderFindingsSarif, type SarifOptions } from './findings-sarif.js';
export { renderFindingsText, type TextFindingsOptions } from './findings-text.js';
export { renderInventoryCsv } from './inventory-csv.js';
export { type HtmlInventoryOptions, renderInventoryHtml } from './inventory-html.js';
export { inventoryToJson, renderInventoryJson } from './inventory-json.js';
export { type MarkdownInventoryOptions, renderInventoryMarkdown } from './inventory-markdown.js';
export { renderInventoryText } from './inventory-text.js';
export { renderNoticesMarkdown } from './notices-markdown.js';
export { renderPrComment } from './pr-comment.js';
export {
  buildReviewChecklist,
  MASS_ASSIGNMENT_FIELDS,
  type OperationReview,
  type ReviewedCodeChange,
  type ReviewItem,
  renderReviewChecklist,
} from './review-checklist.js';
