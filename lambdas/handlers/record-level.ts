import { recordLevelTask } from '../workflow/record-level-step';
import { taskHandler } from './task-handler';

export const handler = taskHandler(recordLevelTask);
