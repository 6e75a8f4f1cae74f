import { type Finding, type InputNotice, SEVERITIES, type SeveritySummary } from '../model/index.js';
import { renderNoticesMarkdown } from './notices-markdown.js';
import { type OperationReview, renderReviewChecklist } from './review-checklist.js';

function countLine(summary: SeveritySummary): string {
  const parts = SEVERITIES.filter((s) => summary[s] > 0).map((s) => `${summary[s]} ${s}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/**
 * The body of Specwatch's one comment on a pull request: a one-line verdict, the API changelog (breaking changes
 * first, as the change analysis orders it), the drift left at head, and the design-review checklist of each new or
 * changed operation.
 */
export function renderPrComment(params: {
  changeFindings: readonly Finding[];
  changelog: string;
  driftFindings: readonly Finding[];
  driftSummary: SeveritySummary;
  reviews: readonly OperationReview[];
  headSha: string;
  /** Inputs not read at head: the "Not read" section. */
  notices?: readonly InputNotice[];
}): string {
  const breaking = params.changeFindings.filter((f) => f.class === 'breaking').length;
  const potentially = params.changeFindings.filter((f) => f.class === 'potentially-breaking').length;
  const verdict =
    breaking + potentially === 0
      ? 'No breaking changes.'
      : `**${breaking} breaking** and ${potentially} potentially breaking change${breaking + potentially === 1 ? '' : 's'}: clients may need to change.`;
  const parts: string[] = ['## Specwatch: API changes in this pull request', '', verdict, ''];
  parts.push(params.changelog.trim() || 'No API changes.', '');
  parts.push(`### Drift at ${params.headSha.slice(0, 7)}`, '', `Findings: ${countLine(params.driftSummary)}.`, '');
  const notRead = renderNoticesMarkdown(params.notices ?? []);
  if (notRead) parts.push(notRead);
  const checklist = renderReviewChecklist(params.reviews);
  if (checklist) parts.push(checklist, '');
  return parts
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd();
}
