import { recordResultTask } from '../workflow/record-result-step';
import { taskHandler } from './task-handler';

export const handler = taskHandler(recordResultTask);
