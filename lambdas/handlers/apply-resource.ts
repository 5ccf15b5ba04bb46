import { applyResourceTask } from '../workflow/apply-resource-step';
import { taskHandler } from './task-handler';

export const handler = taskHandler(applyResourceTask);
