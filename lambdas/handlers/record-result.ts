import { parseRecordResultEvent, recordResultStep } from '../workflow/record-result-step';
import { runtimeDeps } from './runtime-deps';

export const handler = async (event: unknown) => recordResultStep(await runtimeDeps(), parseRecordResultEvent(event));
