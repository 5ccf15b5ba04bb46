import { loadNodeTask } from '../workflow/load-node';
import { hubTableReader } from './hub-table-reader';
import { taskHandler } from './task-handler';

export const handler = taskHandler(loadNodeTask, hubTableReader);
