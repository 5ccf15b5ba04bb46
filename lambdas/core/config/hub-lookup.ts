// Finding a hub, or the hub of a form, in a configuration directory of one or more hubs.
import type { ConfigDirectory, FormConfig, ProjectConfig } from './config-model';

/** Thrown when a hub is not named where several exist, or a name matches none. */
export class HubSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Lynq.HubSelectionError';
  }
}

export function hubNames(directory: ConfigDirectory): string[] {
  return directory.hubs.map((project) => project.hub.name);
}

/** The named hub; without a name, the only hub (a directory of several hubs needs the name). */
export function selectHub(directory: ConfigDirectory, name?: string): ProjectConfig {
  const names = hubNames(directory).map((n) => `'${n}'`).join(', ');
  if (name === undefined || name === '') {
    const [only] = directory.hubs;
    if (only && directory.hubs.length === 1) return only;
    throw new HubSelectionError(`the configuration ${directory.dir} has ${directory.hubs.length} hubs (${names}); name one (--hub <name>, or {"hub": "<name>"} in the sync event)`);
  }
  const project = directory.hubs.find((p) => p.hub.name === name);
  if (!project) throw new HubSelectionError(`hub '${name}' is not in the configuration ${directory.dir} (hubs: ${names})`);
  return project;
}

/** Every form of every hub. */
export function allForms(directory: ConfigDirectory): FormConfig[] {
  return directory.hubs.flatMap((project) => project.forms);
}

/** The hub whose form this is (form names are unique across the directory), or undefined. */
export function projectOfForm(directory: ConfigDirectory, formName: string): ProjectConfig | undefined {
  return directory.hubs.find((project) => project.forms.some((form) => form.name === formName));
}

/** A directory of exactly this one hub (tests and callers that work on one hub). */
export function singleHubDirectory(project: ProjectConfig): ConfigDirectory {
  return { dir: project.dir, hubs: [project] };
}
