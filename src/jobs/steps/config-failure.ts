import { ConfigError } from '../../config/index.js';
import { CONFIG_PATH, completeCheckRun, type GitHub, type RepoRef } from '../../github/index.js';

/**
 * Completes the check as failed with what is wrong in `.github/specwatch.yml` (the key and the reason), annotated on
 * the config file: a broken config must be visible on the commit, never a crash or a silent pass.
 */
export async function failCheckOnConfig(params: {
  gh: GitHub;
  ref: RepoRef;
  checkRunId: number;
  error: ConfigError;
}): Promise<void> {
  const { error } = params;
  const where = error.key ? `\`${error.key}\`` : 'the file';
  await completeCheckRun({
    gh: params.gh,
    ref: params.ref,
    checkRunId: params.checkRunId,
    conclusion: 'failure',
    title: `Invalid ${CONFIG_PATH}`,
    summary: [
      `Specwatch could not use \`${CONFIG_PATH}\`: ${where} is invalid.`,
      '',
      '```',
      error.message,
      '```',
      '',
      'Fix the file (its JSON Schema is `docs/config-schema.json`; every key is described in `docs/configuration.md`) and push again.',
    ].join('\n'),
    annotations: [
      {
        path: CONFIG_PATH,
        start_line: error.line ?? 1,
        end_line: error.line ?? 1,
        annotation_level: 'failure',
        title: 'Invalid Specwatch config',
        message: error.message,
      },
    ],
  });
}

/** True for a config error (the only error a job turns into a check instead of a retry). */
export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}
