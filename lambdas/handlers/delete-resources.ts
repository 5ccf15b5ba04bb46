import { parseNodeRun } from '../core/payload-parsing';
import { deleteResourcesStep } from '../workflow/delete-resources-step';
import { runtimeDeps } from './runtime-deps';

export const handler = async (event: unknown) => deleteResourcesStep(await runtimeDeps(), parseNodeRun(event));
