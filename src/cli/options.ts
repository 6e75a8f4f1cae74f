import { Option } from 'commander';

/** `--format` option shared by every command. */
export function formatOption(choices: string[], fallback = 'text'): Option {
  return new Option('--format <format>', 'output format').choices(choices).default(fallback);
}
