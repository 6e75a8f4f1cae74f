import type { TokenRecord } from '../../store/index.js';
import type { CommandRegistrar } from '../io.js';
import { type CliIo, CliUsageError, EXIT, progress } from '../io.js';
import { formatOption } from '../options.js';
import { addDbOption, parseRepo, withStore } from './store-options.js';

interface TokenOptions {
  repo: string;
  db?: string;
  format: 'text' | 'json';
}

function describeToken(token: TokenRecord): string {
  const state = token.revokedAt === null ? 'live' : `revoked ${token.revokedAt}`;
  return `${token.id}  ${token.name}  created ${token.createdAt}  last used ${token.lastUsedAt ?? 'never'}  ${state}`;
}

/** `specwatch token create|list|revoke`: per-repo ingestion tokens (only their sha256 is stored). */
export const registerTokenCommand: CommandRegistrar = (program, io: CliIo, setExit) => {
  const token = program.command('token').description('manage ingestion tokens (per repo; only a hash is stored)');

  addDbOption(
    token
      .command('create')
      .description('create a token and print it once')
      .requiredOption('--repo <owner/name>', 'repository the token may write to')
      .option('--name <name>', 'label to tell tokens apart', 'default'),
  )
    .addOption(formatOption(['text', 'json']))
    .action(async (options: TokenOptions & { name: string }) => {
      const repo = parseRepo(options.repo);
      const created = await withStore(io, options.db, (store) => store.createToken(repo, options.name));
      if (options.format === 'json') {
        io.stdout(`${JSON.stringify({ token: created.token, ...created.record })}\n`);
      } else {
        io.stdout(`${created.token}\n`);
        progress(
          io,
          `token ${created.record.id} (${created.record.name}) created for ${repo}; it is shown only this once`,
        );
      }
      setExit(EXIT.ok);
    });

  addDbOption(
    token
      .command('list')
      .description('list the tokens of a repo (never the secrets)')
      .requiredOption('--repo <owner/name>', 'repository'),
  )
    .addOption(formatOption(['text', 'json']))
    .action(async (options: TokenOptions) => {
      const repo = parseRepo(options.repo);
      const tokens = await withStore(io, options.db, (store) => store.listTokens(repo));
      if (options.format === 'json') io.stdout(`${JSON.stringify({ tokens })}\n`);
      else if (tokens.length === 0) progress(io, `no tokens for ${repo}`);
      else io.stdout(tokens.map((t) => `${describeToken(t)}\n`).join(''));
      setExit(EXIT.ok);
    });

  addDbOption(
    token
      .command('revoke')
      .description('revoke a token by id or name')
      .argument('<id-or-name>', 'token id (as listed) or name')
      .requiredOption('--repo <owner/name>', 'repository'),
  )
    .addOption(formatOption(['text', 'json']))
    .action(async (idOrName: string, options: TokenOptions) => {
      const repo = parseRepo(options.repo);
      const revoked = await withStore(io, options.db, (store) => store.revokeToken(repo, idOrName));
      if (!revoked) throw new CliUsageError(`${repo} has no live token "${idOrName}"`);
      if (options.format === 'json') io.stdout(`${JSON.stringify({ revoked: idOrName })}\n`);
      else progress(io, `revoked ${idOrName} for ${repo}`);
      setExit(EXIT.ok);
    });
};
