import { taskHandler } from './task-handler';

export const handler = taskHandler('LoadNodeFunctionArn');
