import { analyze, analyzeChange } from '../analyze/index.js';
import { applyDocFixes, renderCommitMessage, renderDocsPrBody } from '../docsync/index.js';
import { findingsToAnnotations, renderFindingsMarkdown } from '../report/index.js';
import type { DocsPlan, Engine } from './engine.js';

/** The real core: `analyze()`, `analyzeChange()`, docsync's patcher and PR body, report's Markdown and annotations. */
export function createCoreEngine(): Engine {
  return {
    analyze: (input) => analyze(input),
    analyzeChange: (input) => analyzeChange(input),
    async planDocs({ repo, config, analysis, findings }) {
      const plans: DocsPlan[] = [];
      for (const spec of analysis.specs) {
        if (!spec.ok) continue;
        const mine = findings.filter((f) => f.fix?.spec === spec.file);
        if (mine.length === 0) continue;
        const files: Record<string, string> = {};
        for (const path of new Set([spec.file, ...spec.surface.files])) files[path] = await repo.read(path);
        const result = applyDocFixes({
          entry: spec.file,
          files,
          fixes: mine.flatMap((f) => (f.fix ? [f.fix] : [])),
          unimplemented: config.docsPr.unimplemented,
        });
        if (result.patches.length === 0) continue;
        const applied = new Set(result.applied.filter((a) => a.changed).map((a) => a.fix));
        const fixed = mine.filter((f) => f.fix !== undefined && applied.has(f.fix));
        const message = renderCommitMessage(result.patches);
        plans.push({
          spec: spec.file,
          files: result.patches.map((p) => ({ path: p.file, content: p.text })),
          title: message.split('\n')[0] ?? `docs(api): sync ${spec.file}`,
          body: renderDocsPrBody(result.patches, fixed),
          findings: fixed,
        });
      }
      return plans;
    },
    renderCheck({ findings, analysis }) {
      const specs = analysis?.specs.map((s) => `\`${s.file}\``) ?? [];
      const count = findings.length;
      const notices = analysis?.notices ?? [];
      // Never an all-clear over a partial read, nor over nothing compared.
      const clear =
        analysis !== undefined && !analysis.compared
          ? 'Nothing compared'
          : notices.length > 0
            ? 'No drift in what was read'
            : 'No drift';
      return {
        title: count === 0 ? clear : `${count} finding${count === 1 ? '' : 's'}`,
        summary: renderFindingsMarkdown(findings, {
          title: 'Specwatch',
          notices,
          ...(specs.length > 0 ? { intro: `Specs read: ${specs.join(', ')}.` } : {}),
          openUpTo: 3,
          // Room for the docs PR section the job appends.
          maxBytes: 60_000,
        }),
        annotations: findingsToAnnotations(findings),
      };
    },
  };
}
