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
