// `perflab repo add PATH [--trust] | repo list [--json] | repo trust PATH | repo untrust PATH | repo remove PATH`
import type { Lab } from '../../core/lab.js';
import { parse, UsageError } from '../args.js';
import { table, type CliContext } from '../io.js';
import { pathArg, printJson } from './common.js';

const TRUST_QUESTION = (path: string) =>
  `Trust ${path}?\nRunning its benchmarks compiles and runs the repository's code (go test runs init functions, TestMain and benchmarks) with your permissions. [y/N] `;

export async function repoCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'add': {
      const { values, positionals } = parse(rest, { trust: { type: 'boolean' }, json: { type: 'boolean' } });
      if (positionals.length !== 1) throw new UsageError('usage: perflab repo add PATH [--trust]');
      const path = pathArg(ctx, positionals[0]);
      let repo = await lab.api.addRepo({ path, trust: values.trust === true });
      if (!repo.trusted) {
        if (ctx.ask && (await ctx.ask(TRUST_QUESTION(repo.path)))) {
          repo = await lab.api.trustRepo({ repo: repo.id, trusted: true });
        } else if (!ctx.ask) {
          ctx.stderr.write(
            `${repo.path} was added but not trusted: running its benchmarks runs its code.\n` +
              `Trust it with: perflab repo trust ${JSON.stringify(repo.path)} (or add it with --trust)\n`,
          );
        }
      }
      if (values.json) printJson(ctx, repo);
      else ctx.stdout.write(`added ${repo.path} (${repo.modulePath})${repo.trusted ? ', trusted' : ', not trusted'}\n`);
      return 0;
    }
    case 'list': {
      const { values } = parse(rest, { json: { type: 'boolean' } }, false);
      const repos = await lab.api.listRepos({});
      if (values.json) printJson(ctx, repos);
      else if (repos.length === 0) ctx.stdout.write('no repositories yet: perflab repo add PATH\n');
      else
        ctx.stdout.write(
          table([['ID', 'TRUSTED', 'MODULE', 'PATH'], ...repos.map((r) => [String(r.id), r.trusted ? 'yes' : 'no', r.modulePath, r.path])]),
        );
      return 0;
    }
    case 'trust':
    case 'untrust':
    case 'remove': {
      const { positionals } = parse(rest, {});
      if (positionals.length !== 1) throw new UsageError(`usage: perflab repo ${sub} PATH`);
      const ref = pathArg(ctx, positionals[0]);
      if (sub === 'remove') {
        await lab.api.removeRepo({ repo: ref });
        ctx.stdout.write(`removed ${ref} (its runs are kept)\n`);
      } else {
        const r = await lab.api.trustRepo({ repo: ref, trusted: sub === 'trust' });
        ctx.stdout.write(`${r.path} is ${r.trusted ? 'trusted' : 'no longer trusted'}\n`);
      }
      return 0;
    }
    default:
      throw new UsageError('usage: perflab repo add|list|trust|untrust|remove ...');
  }
}
