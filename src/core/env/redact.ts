// Secrets never reach the database or the output: environment values of variables whose names
// look like credentials (TOKEN, SECRET, KEY, PASSWORD...) and the userinfo of URLs in any value
// (GOPROXY=https://user:pass@proxy.example) are replaced before a run's spec or environment is
// stored, and again when an older stored row is read.
import type { Environment, RunSpec, Variant } from '../../shared/models.js';

export const REDACTED = '<redacted>';

const SECRET_NAME =
  /(TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|(^|_)KEY($|_)|(^|_)AUTH($|_)|AUTHORIZATION|COOKIE|SESSION)/i;
/** `scheme://userinfo@`: the userinfo part (user, or user:password) goes. */
const URL_USERINFO = /([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/@\s,|]+@/g;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function redactValue(name: string, value: string): string {
  if (isSecretName(name) && value !== '') return REDACTED;
  return value.replace(URL_USERINFO, `$1${REDACTED}@`);
}

export function redactEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) out[k] = redactValue(k, v);
  return out;
}

export function redactSpec(spec: RunSpec): RunSpec {
  return {
    ...spec,
    env: redactEnv(spec.env ?? {}),
    variants: (spec.variants ?? []).map(redactVariant),
  };
}

/** A variant as stored with its column: its env values redacted as the spec's are. */
export function redactVariant(v: Variant): Variant {
  return v.env ? { ...v, env: redactEnv(v.env) } : v;
}

export function redactEnvironment(e: Environment): Environment {
  return { ...e, goEnv: redactEnv(e.goEnv ?? {}) };
}
