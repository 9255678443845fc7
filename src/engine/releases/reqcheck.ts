/**
 * The requirements check (in the spirit of `rdopkg reqcheck`): upstream `requirements.txt` against the spec's
 * Requires, both mapped to rdoinfo package names; what upstream needs and the spec lacks is missing, what the
 * spec requires and upstream does not is excess. Names rdoinfo does not know are left out on both sides.
 */
export interface ReqcheckResult {
  missing: string[];
  excess: string[];
}

/** Project names of a requirements.txt (`oslo.config>=9.0.0  # Apache-2.0` → `oslo.config`). */
export function parseRequirements(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('-'))
    .map((l) => /^[A-Za-z0-9._-]+/.exec(l)?.[0] ?? '')
    .filter(Boolean);
}

/** Package names in a spec's `Requires:` lines (not BuildRequires), versions dropped. */
export function parseSpecRequires(spec: string): string[] {
  const names: string[] = [];
  for (const line of spec.split('\n')) {
    const m = /^Requires(?:\([^)]*\))?:\s*(.+)$/i.exec(line.trim());
    if (!m) continue;
    const tokens = m[1]!.split(/[\s,]+/).filter(Boolean);
    for (let i = 0; i < tokens.length; i++) {
      if (/^[<>=!]/.test(tokens[i]!)) i++;
      else names.push(tokens[i]!);
    }
  }
  return names;
}

const normal = (s: string) => s.toLowerCase().replace(/[._-]+/g, '-');

/**
 * Compares one package's requirements. `packages` maps rdoinfo package names to their upstream projects.
 */
export function reqcheck(requirements: readonly string[], specRequires: readonly string[], packages: ReadonlyMap<string, string>): ReqcheckResult {
  const byProject = new Map([...packages].map(([name, project]) => [normal(project), name]));
  const needed = new Set(requirements.map((r) => byProject.get(normal(r))).filter((n): n is string => n !== undefined));
  const declared = new Set(specRequires.filter((r) => packages.has(r)));
  return {
    missing: [...needed].filter((n) => !declared.has(n)).sort(),
    excess: [...declared].filter((n) => !needed.has(n)).sort(),
  };
}
