import { checkReadyTask } from '../workflow/check-ready-step';
import { taskHandler } from './task-handler';

export const handler = taskHandler(checkReadyTask);
