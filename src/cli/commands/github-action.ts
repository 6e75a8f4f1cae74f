import { readFile } from 'node:fs/promises';
import { createTokenClient } from '../../github/index.js';
import {
  analyseCommit,
  analysePullRequest,
  createCoreEngine,
  type JobDeps,
  type JobOutcome,
} from '../../jobs/index.js';
import type { CommandRegistrar } from '../io.js';
import { CliUsageError, EXIT, progress } from '../io.js';
import { withStore } from './store-options.js';

interface PullRequestEvent {
  pull_request?: { number: number; base: { ref: string; sha: string }; head: { ref: string; sha: string } };
  repository?: { default_branch?: string };
}

/**
 * `specwatch github-action`: the App's work from inside a workflow, for teams who cannot install Apps. Uses the
 * workflow's `GITHUB_TOKEN` (through `@octokit/rest` with throttling): a push gets the "Specwatch" check run and the
 * docs PR, a pull request gets the check run and the changelog comment.
 */
export const registerGithubActionCommand: CommandRegistrar = (program, io, setExit) => {
  program
    .command('github-action')
    .description('run as a GitHub Action step: check run, docs PR and PR comment with $GITHUB_TOKEN')
    .option('--no-fail', 'exit 0 even when the check fails (the check run still shows the failure)')
    .action(async (options: { fail: boolean }) => {
      const env = io.env;
      const token = env.GITHUB_TOKEN ?? env.INPUT_TOKEN;
      const repository = env.GITHUB_REPOSITORY;
      if (!token)
        throw new CliUsageError(
          'GITHUB_TOKEN must be set (the workflow token, or any token with checks and contents access)',
        );
      if (!repository?.includes('/')) throw new CliUsageError('GITHUB_REPOSITORY must be OWNER/NAME');
      const [owner, repo] = repository.split('/') as [string, string];
      const event: PullRequestEvent = env.GITHUB_EVENT_PATH
        ? (JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as PullRequestEvent)
        : {};
      const gh = createTokenClient({
        token,
        ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
        log: (m) => progress(io, m),
      });
      const outcome = await withStore(io, env.SPECWATCH_DB, async (store): Promise<JobOutcome> => {
        const deps: JobDeps = {
          github: async () => gh,
          store,
          engine: createCoreEngine(),
          log: { info: (m) => progress(io, m), warn: (m) => progress(io, m), error: (m) => progress(io, m) },
        };
        const base = { installationId: 0, owner, repo, deliveryId: env.GITHUB_RUN_ID ?? 'local' };
        const pr = event.pull_request;
        if (pr) {
          return analysePullRequest(
            {
              ...base,
              number: pr.number,
              baseRef: pr.base.ref,
              baseSha: pr.base.sha,
              headRef: pr.head.ref,
              headSha: pr.head.sha,
              force: true,
            },
            deps,
          );
        }
        const sha = env.GITHUB_SHA;
        const branch = env.GITHUB_REF_NAME;
        if (!sha || !branch) throw new CliUsageError('GITHUB_SHA and GITHUB_REF_NAME must be set');
        return analyseCommit(
          {
            ...base,
            trigger: 'push',
            branch,
            sha,
            force: true,
            ...(event.repository?.default_branch ? { defaultBranch: event.repository.default_branch } : {}),
          },
          deps,
        );
      });
      progress(
        io,
        `specwatch: ${outcome.status}${outcome.conclusion ? `, ${outcome.conclusion}` : ''}${outcome.docsPr ? `, docs PR #${outcome.docsPr}` : ''}`,
      );
      setExit(options.fail && outcome.conclusion === 'failure' ? EXIT.findings : EXIT.ok);
    });
};
