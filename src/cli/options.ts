import { Option } from 'commander';
import { SEVERITIES } from '../model/index.js';

/** `--format` option shared by every command. */
export function formatOption(choices: string[], fallback = 'text'): Option {
  return new Option('--format <format>', 'output format').choices(choices).default(fallback);
}

/** `--fail-on SEVERITY` shared by `scan` and `diff`. */
export function failOnOption(): Option {
  return new Option(
    '--fail-on <severity>',
    'exit 1 when a finding is at or above this severity (default: config failOn, else high)',
  ).choices([...SEVERITIES]);
}

/** Change classes `diff --fail-on` also takes, most breaking first. */
export const FAIL_ON_CLASSES = ['breaking', 'potentially-breaking'] as const;

/** `--fail-on` of `diff`: a severity, or a change class (as CI tools for breaking changes take it). */
export function changeFailOnOption(): Option {
  return new Option(
    '--fail-on <level>',
    'exit 1 when a change is of this class (breaking, potentially-breaking: that or worse) or at or above this severity (default: config failOn, else high)',
  ).choices([...FAIL_ON_CLASSES, ...SEVERITIES]);
}
