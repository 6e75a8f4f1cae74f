import { type Finding, SEVERITIES, type SeveritySummary } from '../model/index.js';
import { type OperationReview, renderReviewChecklist } from './review-checklist.js';

function countLine(summary: SeveritySummary): string {
  const parts = SEVERITIES.filter((s) => summary[s] > 0).map((s) => `${summary[s]} ${s}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

function findingLine(f: Finding): string {
  const where = f.location ? ` (${f.location.file}:${f.location.line})` : '';
  return `- **${f.severity}** \`${f.rule}\` \`${f.operation}\`: ${f.message}${where}`;
}

/**
 * The body of Specwatch's one comment on a pull request: breaking changes first, then the API changelog, drift left
 * at head, and the design-review checklist of each new or changed operation.
 */
export function renderPrComment(params: {
  changeFindings: readonly Finding[];
  changelog: string;
  driftFindings: readonly Finding[];
  driftSummary: SeveritySummary;
  reviews: readonly OperationReview[];
  headSha: string;
}): string {
  const breaking = params.changeFindings.filter((f) => f.class === 'breaking');
  const potentially = params.changeFindings.filter((f) => f.class === 'potentially-breaking');
  const parts: string[] = ['## Specwatch: API changes in this pull request', ''];
  if (breaking.length === 0 && potentially.length === 0) {
    parts.push('No breaking changes.');
  } else {
    if (breaking.length > 0) parts.push(`### Breaking changes (${breaking.length})`, ...breaking.map(findingLine), '');
    if (potentially.length > 0) {
      parts.push(`### Potentially breaking (${potentially.length})`, ...potentially.map(findingLine), '');
    }
  }
  parts.push('', '### Changelog', '', params.changelog.trim() || 'No API changes.', '');
  parts.push(`### Drift at ${params.headSha.slice(0, 7)}`, '', `Findings: ${countLine(params.driftSummary)}.`, '');
  const checklist = renderReviewChecklist(params.reviews);
  if (checklist) parts.push(checklist, '');
  return parts.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd();
}
