import { parseResourceProgress } from '../core/payload-parsing';
import { checkReadyStep } from '../workflow/check-ready-step';
import { runtimeDeps } from './runtime-deps';

export const handler = async (event: unknown) => checkReadyStep(await runtimeDeps(), parseResourceProgress(event));
