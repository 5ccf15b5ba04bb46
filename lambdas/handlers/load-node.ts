import { loadNodeTask } from '../workflow/load-node';
import { taskHandler } from './task-handler';

export const handler = taskHandler(loadNodeTask);
