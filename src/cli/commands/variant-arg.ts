// `--variant NAME:key=value;key=value`: a build or runtime variant as a column beside refs.
// Keys: toolchain (goX.Y.Z), goamd64, goarm64, goexperiment, gcflags, pgo (a file), env.NAME.
import { UsageError } from '../args.js';

export function parseVariant(v: string): Record<string, unknown> {
  const colon = v.indexOf(':');
  const name = colon < 0 ? v : v.slice(0, colon);
  const out: Record<string, unknown> = { name };
  const env: Record<string, string> = {};
  if (colon >= 0) {
    for (const part of v
      .slice(colon + 1)
      .split(';')
      .filter(Boolean)) {
      const eq = part.indexOf('=');
      if (eq <= 0) throw new UsageError(`--variant ${JSON.stringify(v)}: want NAME:key=value;key=value`);
      const k = part.slice(0, eq).trim();
      const val = part.slice(eq + 1);
      switch (k) {
        case 'toolchain':
          out.goToolchain = val;
          break;
        case 'goamd64':
          out.goamd64 = val;
          break;
        case 'goarm64':
          out.goarm64 = val;
          break;
        case 'goexperiment':
          out.goexperiment = val;
          break;
        case 'gcflags':
          out.gcflags = val;
          break;
        case 'pgo':
          out.pgo = val;
          break;
        default:
          if (k.startsWith('env.')) env[k.slice(4)] = val;
          else
            throw new UsageError(
              `--variant ${JSON.stringify(v)}: unknown key ${JSON.stringify(k)} (toolchain, goamd64, goarm64, goexperiment, gcflags, pgo, env.NAME)` +
                (k === 'tags'
                  ? `; build tags are per run: run again with --tags ${val || 'TAGS'} and compare the two runs (perflab compare A B)`
                  : ''),
            );
      }
    }
  }
  if (Object.keys(env).length) out.env = env;
  return out;
}
