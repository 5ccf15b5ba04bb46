import { parseNodeRun } from '../core/payload-parsing';
import { recordLevelStep } from '../workflow/record-level-step';
import { runtimeDeps } from './runtime-deps';

export const handler = async (event: unknown) => recordLevelStep(await runtimeDeps(), parseNodeRun(event));
