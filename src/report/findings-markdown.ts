import { type Finding, type InputNotice, SEVERITIES, type Severity, summarizeFindings } from '../model/index.js';
import {
  describeEvidence,
  groupByOperation,
  isShared,
  type OperationGroup,
  SHARED_SCHEMAS_GROUP,
} from './findings-group.js';
import { renderNoticesMarkdown } from './notices-markdown.js';

/** GitHub's limit on a check run summary and on an issue or PR comment body, in bytes. */
export const GITHUB_MARKDOWN_LIMIT = 65_535;

/** Options of {@link renderFindingsMarkdown}. */
export interface MarkdownFindingsOptions {
  /** Heading of the report. */
  title?: string;
  /** Text placed under the heading (e.g. the spec files read). */
  intro?: string;
  /** Byte cap, GitHub's 65,535 by default. */
  maxBytes?: number;
  /** Groups of at most this many findings open expanded; larger ones start collapsed. Default 0: all collapsed. */
  openUpTo?: number;
  /** Inputs not read: a "Not read" section under the summary line, never cut by the byte cap. */
  notices?: readonly InputNotice[];
}

const ICON: Record<Severity, string> = { critical: '🟣', high: '🔴', medium: '🟠', low: '🟡', info: '⚪' };
const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Escapes text for a Markdown table cell or inline use: pipes, angle brackets, backticks stay literal. */
function escapeMd(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

/** Keeps inline code spans, escapes the rest. */
function inline(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : escapeMd(part)))
    .join('');
}

function summaryLine(findings: readonly Finding[], partial: boolean): string {
  const summary = summarizeFindings(findings);
  const parts = SEVERITIES.filter((s) => summary[s] > 0).map((s) => `${ICON[s]} ${summary[s]} ${s}`);
  if (parts.length > 0) return parts.join(' · ');
  // A partial read never reads as an all-clear.
  return partial ? 'No findings in what was read (see "Not read").' : 'No findings.';
}

function renderGroup(group: OperationGroup, open: boolean): string {
  const { findings } = group;
  const worst = findings[0]?.severity ?? 'info';
  const title = group.shared
    ? `${escapeMd(group.operation)} (each change affects several operations)`
    : `<code>${escapeMd(group.operation)}</code>`;
  const lines = [
    `<details${open ? ' open' : ''}>`,
    `<summary>${ICON[worst]} ${title} — ${findings.length} finding${findings.length === 1 ? '' : 's'}</summary>`,
    '',
  ];
  lines.push('| severity | rule | finding | evidence |', '|---|---|---|---|');
  for (const f of findings) {
    const cls = f.class ? `<br><sub>${f.class}</sub>` : '';
    const evidence =
      f.evidence
        .slice(0, 4)
        .map((e) => escapeMd(describeEvidence(e)))
        .join('<br>') + (f.evidence.length > 4 ? `<br>+${f.evidence.length - 4} more` : '');
    lines.push(`| ${ICON[f.severity]} ${f.severity} | \`${f.rule}\`${cls} | ${inline(f.message)} | ${evidence} |`);
  }
  lines.push('', '</details>', '');
  return lines.join('\n');
}

/** What was left out, counted per severity. */
function omissionNote(groups: number, findings: readonly Finding[]): string {
  const summary = summarizeFindings(findings);
  const parts = SEVERITIES.filter((s) => summary[s] > 0).map((s) => `${summary[s]} ${s}`);
  return `\n> ✂️ Truncated to fit GitHub's ${GITHUB_MARKDOWN_LIMIT.toLocaleString('en-US')}-byte limit: ${findings.length} more finding${findings.length === 1 ? '' : 's'} on ${groups} operation${groups === 1 ? '' : 's'} left out (${parts.join(', ')}). Run \`specwatch scan --format json\` or see the SARIF upload for all of them.\n`;
}

/**
 * Findings as Markdown for a check run summary or a PR comment: a summary line, then one collapsible `<details>`
 * block per operation (worst first). Capped at `maxBytes` bytes (UTF-8): whole groups are dropped from the end and
 * a closing note says how many findings of which severities were left out.
 */
export function renderFindingsMarkdown(findings: readonly Finding[], options: MarkdownFindingsOptions = {}): string {
  const max = options.maxBytes ?? GITHUB_MARKDOWN_LIMIT;
  const head =
    [
      `## ${options.title ?? 'Specwatch'}`,
      '',
      ...(options.intro ? [options.intro, ''] : []),
      summaryLine(findings, (options.notices?.length ?? 0) > 0),
      '',
      '',
    ].join('\n') + renderNoticesMarkdown(options.notices ?? []);
  const groups = groupByOperation(findings);
  let out = head;
  let used = bytes(head);
  for (const [i, group] of groups.entries()) {
    const block = renderGroup(group, group.findings.length <= (options.openUpTo ?? 0));
    const rest = groups.slice(i + 1);
    const restFindings = rest.flatMap((g) => g.findings);
    // Reserve room for the note this block would need if it is the last one that fits.
    const noteIfStopNext = restFindings.length > 0 ? bytes(omissionNote(rest.length, restFindings)) : 0;
    if (used + bytes(block) + noteIfStopNext <= max) {
      out += block;
      used += bytes(block);
      continue;
    }
    const left = groups.slice(i);
    const note = omissionNote(
      left.length,
      left.flatMap((g) => g.findings),
    );
    return truncateBytes(out + note, max);
  }
  return out;
}

/** Cuts text to at most `max` UTF-8 bytes without splitting a character. */
export function truncateBytes(text: string, max: number): string {
  if (bytes(text) <= max) return text;
  let cut = text.slice(0, max);
  while (bytes(cut) > max) cut = cut.slice(0, -1);
  return cut;
}

/** One spec's changes, for {@link renderChangelogMarkdown}. */
export interface ChangelogSection {
  title: string;
  findings: Finding[];
}

const CLASS_TITLES: [Finding['class'], string][] = [
  ['breaking', '💥 Breaking changes'],
  ['potentially-breaking', '⚠️ Potentially breaking'],
  ['safe', '✅ Other changes'],
];

/**
 * The API changelog of a pull request, or a release note (`specwatch diff --format markdown`): per spec, breaking
 * changes first, then potentially breaking, then safe ones (collapsed), each class grouped by operation. Capped at GitHub's comment size with a note of what was left out.
 */
export function renderChangelogMarkdown(
  sections: readonly ChangelogSection[],
  maxBytes = GITHUB_MARKDOWN_LIMIT,
): string {
  const all = sections.flatMap((s) => s.findings);
  const count = (cls: Finding['class']) => all.filter((f) => f.class === cls).length;
  const lines = ['## API changes', ''];
  if (all.length === 0) {
    lines.push('No change to the documented API.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `**${count('breaking')} breaking**, ${count('potentially-breaking')} potentially breaking, ${count('safe')} safe.`,
    '',
  );
  let out = `${lines.join('\n')}\n`;
  // Blocks are a head, rows and a tail, so a long list can be cut between rows. A row is one operation with its
  // changes (shared-schema changes under one "Shared schemas" row): a release note reads by operation.
  const blocks: { head: string; rows: string[]; tail: string; rowFindings: Finding[][] }[] = [];
  for (const section of sections) {
    if (section.findings.length === 0) continue;
    blocks.push({ head: `### \`${escapeMd(section.title)}\`\n\n`, rows: [], tail: '', rowFindings: [] });
    for (const [cls, title] of CLASS_TITLES) {
      const list = section.findings.filter((f) => f.class === cls);
      if (list.length === 0) continue;
      const groups = groupByOperation(list);
      const row = (f: Finding, lead: string) =>
        // A shared-schema change names its schema and operations itself; an operation's own change drops the
        // operation its line already names.
        isShared(f)
          ? `${lead}${ICON[f.severity]} ${inline(f.message)} <sub>\`${f.rule}\`</sub>\n`
          : `${lead}${ICON[f.severity]} ${lead === '- ' ? `\`${escapeMd(f.operation)}\` ` : ''}${inline(f.message.startsWith(f.operation) ? f.message.slice(f.operation.length).replace(/^[:\s]+/, '') : f.message)} <sub>\`${f.rule}\`</sub>\n`;
      // One change: one line. Several: the operation, then its changes below it.
      const rows = groups.map((g) =>
        g.findings.length === 1
          ? row(g.findings[0] as Finding, '- ')
          : `- ${g.shared ? SHARED_SCHEMAS_GROUP : `\`${escapeMd(g.operation)}\``}\n${g.findings.map((f) => row(f, '  - ')).join('')}`,
      );
      const rowFindings = groups.map((g) => g.findings);
      if (cls === 'safe')
        blocks.push({
          head: `<details>\n<summary>${title} (${list.length})</summary>\n\n`,
          rows,
          tail: '\n</details>\n\n',
          rowFindings,
        });
      else blocks.push({ head: `#### ${title} (${list.length})\n\n`, rows, tail: '\n', rowFindings });
    }
  }
  const NOTE_RESERVE = 600;
  let used = bytes(out);
  for (const [i, block] of blocks.entries()) {
    const whole = block.head + block.rows.join('') + block.tail;
    const later = blocks.slice(i + 1).flatMap((b) => b.rowFindings.flat());
    if (used + bytes(whole) + (later.length > 0 ? NOTE_RESERVE : 0) <= maxBytes) {
      out += whole;
      used += bytes(whole);
      continue;
    }
    let part = block.head;
    let kept = 0;
    for (const row of block.rows) {
      if (used + bytes(part) + bytes(row) + bytes(block.tail) + NOTE_RESERVE > maxBytes) break;
      part += row;
      kept++;
    }
    if (kept > 0) out += part + block.tail;
    const left = [...block.rowFindings.slice(kept).flat(), ...later];
    const ops = new Set(left.flatMap((f) => f.operations ?? [f.operation])).size;
    return truncateBytes(out + omissionNote(ops, left), maxBytes);
  }
  return out;
}
