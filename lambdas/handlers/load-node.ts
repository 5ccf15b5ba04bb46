import { parseLoadNodeEvent } from '../core/payload-parsing';
import { loadNode } from '../workflow/load-node';
import { runtimeDeps } from './runtime-deps';

export const handler = async (event: unknown) => loadNode(await runtimeDeps(), parseLoadNodeEvent(event));
