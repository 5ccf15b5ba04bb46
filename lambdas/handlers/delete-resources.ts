import { deleteResourcesTask } from '../workflow/delete-resources-step';
import { taskHandler } from './task-handler';

export const handler = taskHandler(deleteResourcesTask);
