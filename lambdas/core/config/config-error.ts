// Configuration problems are collected, not thrown one by one: a user fixing a form
// wants to see every mistake in one go.

export interface ConfigProblem {
  file: string;
  resourceId?: string;
  field?: string;
  message: string;
}

/** `file: resource 'id': field: message`, leaving out the parts a problem does not have. */
export function formatConfigProblem(problem: ConfigProblem): string {
  const parts = [problem.file];
  if (problem.resourceId !== undefined) parts.push(`resource '${problem.resourceId}'`);
  if (problem.field !== undefined && problem.field !== '') parts.push(problem.field);
  parts.push(problem.message);
  return parts.join(': ');
}

export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`invalid configuration (${count}):\n${problems.map((p) => `  ${formatConfigProblem(p)}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
