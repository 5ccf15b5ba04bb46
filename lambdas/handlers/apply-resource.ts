import { parseResourceStep } from '../core/payload-parsing';
import { applyResourceStep } from '../workflow/apply-resource-step';
import { runtimeDeps } from './runtime-deps';

export const handler = async (event: unknown) => applyResourceStep(await runtimeDeps(), parseResourceStep(event));
