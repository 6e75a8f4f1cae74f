import type { Finding, InputNotice } from '../model/index.js';
import {
  noticesToJson,
  renderFindingsJson,
  renderFindingsMarkdown,
  renderFindingsSarif,
  renderFindingsText,
} from '../report/index.js';
import type { CliIo } from './io.js';
import { SPECWATCH_VERSION } from './version.js';

/** Formats `scan` and `diff` print findings in. */
export const FINDINGS_FORMATS = ['text', 'json', 'markdown', 'sarif'];

/** Renders findings in the chosen format; `markdown` may be replaced by a command's own (the diff changelog). */
export function renderFindings(
  findings: Finding[],
  format: string,
  io: CliIo,
  options: {
    verbose?: boolean;
    markdown?: string;
    title?: string;
    extraJson?: Record<string, unknown>;
    /** Text as a changelog (breaking first, counts per class): `diff`. */
    changelog?: boolean;
    /** Inputs not read: `notices` in JSON (always present, maybe empty), "Not read" in Markdown. */
    notices?: readonly InputNotice[];
    /** Markdown: a paragraph under the title, before the counts. */
    intro?: string;
  } = {},
): string {
  switch (format) {
    case 'json':
      return renderFindingsJson(findings, { ...options.extraJson, notices: noticesToJson(options.notices ?? []) });
    case 'sarif':
      return renderFindingsSarif(findings, { toolVersion: SPECWATCH_VERSION, notices: options.notices ?? [] });
    case 'markdown':
      return (
        options.markdown ??
        renderFindingsMarkdown(findings, {
          title: options.title ?? 'Specwatch',
          notices: options.notices ?? [],
          ...(options.intro !== undefined ? { intro: options.intro } : {}),
        })
      );
    default:
      return renderFindingsText(findings, {
        color: io.isTTY,
        verbose: options.verbose === true,
        changelog: options.changelog === true,
        partial: (options.notices?.length ?? 0) > 0,
      });
  }
}
