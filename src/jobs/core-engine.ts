import { analyze, analyzeChange } from '../analyze/index.js';
import { planDocFixes } from '../docsync/index.js';
import type { Conclusion } from '../drift/index.js';
import { findingsToAnnotations, renderFindingsMarkdown } from '../report/index.js';
import type { Engine } from './engine.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The check's title under `failOn`: what fails it first, so a list of low findings does not read like a failure.
 * One finding at or above `failOn` keeps the historical short title (`1 finding`).
 */
function checkTitle(c: Conclusion): string {
  const total = c.findings.length;
  if (total === 0) return 'No drift';
  if (c.failing === 0) return `${plural(total, 'finding')}, none at or above ${c.failOn}`;
  if (c.failing === total) return plural(total, 'finding');
  return `${c.failing} of ${plural(total, 'finding')} at or above ${c.failOn}`;
}

/** The summary's line on the conclusion and the `failOn` it was decided against. */
function verdictLine(c: Conclusion): string {
  const rule = `The check fails on findings at or above **${c.failOn}** (\`failOn\`)`;
  return c.failing === 0
    ? `${rule}: none here, so it passes.`
    : `${rule}: ${c.failing === 1 ? '1 finding is' : `${c.failing} findings are`}, so it fails.`;
}

/** The real core: `analyze()`, `analyzeChange()`, docsync's patcher and PR body, report's Markdown and annotations. */
export function createCoreEngine(): Engine {
  return {
    analyze: (input) => analyze(input),
    analyzeChange: (input) => analyzeChange(input),
    async planDocs({ repo, config, analysis, findings }) {
      // The CLI's `scan --fix` plans through the same function: one set of doc edits per commit, whoever asks.
      const plans = await planDocFixes(analysis, findings, config, repo);
      return plans.filter((p) => p.files.length > 0);
    },
    renderCheck({ concluded, analysis }) {
      const { findings } = concluded;
      const specs = analysis?.specs.map((s) => `\`${s.file}\``) ?? [];
      const notices = analysis?.notices ?? [];
      // Never an all-clear over a partial read, nor over nothing compared.
      const clear =
        analysis !== undefined && !analysis.compared
          ? 'Nothing compared'
          : notices.length > 0
            ? 'No drift in what was read'
            : 'No drift';
      const intro = [
        ...(specs.length > 0 ? [`Specs read: ${specs.join(', ')}.`] : []),
        verdictLine(concluded),
        ...(concluded.dismissed.length > 0
          ? [
              `${plural(concluded.dismissed.length, 'finding')} dismissed until they change ${concluded.dismissed.length === 1 ? 'is' : 'are'} not shown.`,
            ]
          : []),
      ];
      return {
        title: findings.length === 0 ? clear : checkTitle(concluded),
        summary: renderFindingsMarkdown(findings, {
          title: 'Specwatch',
          notices,
          intro: intro.join('\n\n'),
          openUpTo: 3,
          // Room for the docs PR section the job appends.
          maxBytes: 60_000,
        }),
        annotations: findingsToAnnotations(findings),
      };
    },
  };
}
