// Names of the fixed values people see (project and task statuses): one message each, shared by every view.
import type { MessageKey } from './index';

export const PROJECT_STATUS_LABELS: Record<string, MessageKey> = {
  planned: 'status_planned',
  active: 'status_active',
  'on-hold': 'status_onHold',
  done: 'status_done',
  cancelled: 'status_cancelled',
};

export const TASK_STATUS_LABELS: Record<string, MessageKey> = {
  todo: 'taskStatus_todo',
  doing: 'taskStatus_doing',
  blocked: 'taskStatus_blocked',
  done: 'taskStatus_done',
};
