export { buildInventory, type PiiClassifier } from './build-inventory.js';
export { renderInventoryCsv } from './inventory-csv.js';
export { type HtmlInventoryOptions, renderInventoryHtml } from './inventory-html.js';
export { inventoryToJson, renderInventoryJson } from './inventory-json.js';
export { type MarkdownInventoryOptions, renderInventoryMarkdown } from './inventory-markdown.js';
export { renderInventoryText } from './inventory-text.js';
export { renderPrComment } from './pr-comment.js';
export {
  buildReviewChecklist,
  MASS_ASSIGNMENT_FIELDS,
  type OperationReview,
  type ReviewItem,
  renderReviewChecklist,
} from './review-checklist.js';
