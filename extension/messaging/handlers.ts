// Background side of messaging: validates each request against the protocol map and runs its handler.

import type { Hlc } from '@@/shared/hlc';
import type { Device } from '@@/shared/schemas/account';
import type { ApiToken, ApiTokenCreated, DeliveryLog, Webhook, WebhookCreated } from '@@/shared/schemas/api-access';
import type { Share, ShareCreated } from '@@/shared/sync/shares';
import { ZodError } from 'zod';
import { createApiAccess } from '../account/api-access';
import { createMemberActions } from '../account/members';
import { actOnReminder } from '../background/reminder-actions';
import type { ReminderSettings } from '../background/reminder-plan';
import { createCapture } from '../capture/capture';
import type { CaptureDialog } from '../capture/dialog';
import { UncapturableError } from '../capture/draft';
import { type CaptureEmail, createEmailCapture, type EmailCaptureReply } from '../capture/email';
import { CaptureGoneError } from '../capture/errors';
import type { MailIntegrationStatus, MailService } from '../capture/extractors';
import type { CapturePreparation } from '../capture/prepare';
import { writeReminderSettings } from '../data/reminder-settings';
import { readSettings, touchRecentProject, writeSettings } from '../data/settings';
import { type ExportFile, exportData, ImportError, type ImportSummary, importData } from '../data/transfer';
import type { WaypointDb } from '../db/database';
import type { AnyRow, ProjectRow, StepRow, TaskRow } from '../db/rows';
import { InvalidValueError, NotFoundError, type Store } from '../db/store';
import { t } from '../i18n';
import { ApiError, NetworkError } from '../sync/api';
import { discardRefused, keepOnDevice } from '../sync/refusals';
import { requireSafeServerUrl, ServerUrlError } from '../sync/server-url';
import type { AccountService, AccountSummary } from '../sync/service';
import { envelopeSchema, isMessageType, type MessageType, type Reply, requests, type Settings } from './protocol';

export interface Responses {
  'task.create': TaskRow;
  'task.update': TaskRow;
  'task.delete': TaskRow;
  'task.shareExcerpt': TaskRow;
  'task.restore': TaskRow;
  'step.create': StepRow;
  'step.update': StepRow;
  'step.move': StepRow;
  'step.delete': StepRow;
  'step.restore': StepRow;
  'steps.setDone': null;
  'project.create': ProjectRow;
  'project.createFromTemplate': ProjectRow;
  'project.update': ProjectRow;
  'project.delete': ProjectRow;
  'project.restore': ProjectRow;
  'settings.update': Settings;
  'reminder.act': TaskRow;
  'reminders.settings': ReminderSettings;
  'data.export': ExportFile;
  'data.import': ImportSummary;
  'capture.activeTab': { taskId: string | null; duplicateOf: string | null };
  'capture.email': EmailCaptureReply;
  'capture.prepare': CapturePreparation;
  'capture.commit': { taskId: string; projectName: string };
  'capture.cancel': null;
  'capture.frame': { inPage: boolean };
  'integration.mail.status': MailIntegrationStatus;
  'integration.mail.set': MailIntegrationStatus;
  'account.createTeam': AccountSummary;
  'account.join': AccountSummary;
  'account.refresh': null;
  'account.signOut': null;
  'team.invite': { code: string; expiresAt: string; role: string; serverUrl: string };
  'team.removeMember': null;
  'team.setRole': null;
  'team.transfer': null;
  'team.leave': null;
  'account.devices': Device[];
  'account.revokeDevice': null;
  'apiToken.list': ApiToken[];
  'apiToken.create': ApiTokenCreated;
  'apiToken.revoke': null;
  'webhook.list': Webhook[];
  'webhook.create': WebhookCreated;
  'webhook.update': Webhook;
  'webhook.delete': null;
  'webhook.log': DeliveryLog;
  'sync.now': null;
  'refusal.keep': null;
  'refusal.discard': null;
  'share.list': Share[];
  'share.create': ShareCreated;
  'share.revoke': null;
  'row.create': AnyRow;
  'row.update': AnyRow;
  'row.delete': AnyRow;
  'row.restore': AnyRow;
}

type Handlers = { [T in MessageType]: (payload: ReturnType<(typeof requests)[T]['parse']>) => Promise<Responses[T]> };

export interface HandlerDeps {
  db: WaypointDb;
  store: Store;
  clock: Hlc;
  captureActiveTab: (projectId: string | null | undefined) => Promise<Responses['capture.activeTab']>;
  accounts?: AccountService;
  syncNow?: () => Promise<void>;
  /** E-mail capture; by default one over this store (the background passes its own). */
  captureEmail?: CaptureEmail;
  /** The capture dialog's pending captures; only in the background. */
  captureDialog?: CaptureDialog;
  /** Gmail/Outlook integration (chrome.scripting registration); only in the background. */
  mailIntegration?: {
    status: () => Promise<MailIntegrationStatus>;
    set: (service: MailService, enabled: boolean) => Promise<MailIntegrationStatus>;
  };
}

export function createHandlers({
  db,
  store,
  clock,
  captureActiveTab,
  accounts,
  syncNow,
  captureEmail = createEmailCapture({ db, capturer: createCapture({ db, store }) }),
  mailIntegration,
  captureDialog,
}: HandlerDeps): Handlers {
  const dialog = () => {
    if (!captureDialog) throw new Error(t('notify_noCaptureDialog'));
    return captureDialog;
  };
  const mail = () => {
    if (!mailIntegration) throw new Error(t('notify_noMailIntegration'));
    return mailIntegration;
  };
  const account = () => {
    if (!accounts) throw new Error(t('notify_noTeamSync'));
    return accounts;
  };
  const memberActions = createMemberActions({ db, refresh: () => account().refresh() });
  const members = () => {
    account();
    return memberActions;
  };
  const apiAccessActions = createApiAccess({ db });
  const apiAccess = () => {
    account();
    return apiAccessActions;
  };
  return {
    'task.create': async (draft) => {
      const task = await store.createTask(draft);
      if (task.projectId) await touchRecentProject(db, task.projectId);
      return task;
    },
    'task.update': ({ id, patch }) => store.updateTask(id, patch),
    'task.delete': ({ id }) => store.deleteTask(id),
    'task.shareExcerpt': ({ id, share }) => store.shareExcerpt(id, share),
    'task.restore': ({ id }) => store.restoreTask(id),
    'step.create': (input) => store.createStep(input),
    'step.update': ({ id, patch }) => store.updateStep(id, patch),
    'step.move': ({ id, index }) => store.moveStep(id, index),
    'step.delete': ({ id }) => store.deleteStep(id),
    'step.restore': ({ id }) => store.restoreStep(id),
    'steps.setDone': async ({ ids, done }) => {
      await store.setStepsDone(ids, done);
      return null;
    },
    'project.create': (draft) => store.createProject(draft),
    'project.createFromTemplate': (input) => store.createProjectFromTemplate(input),
    'project.update': ({ id, patch }) => store.updateProject(id, patch),
    'project.delete': ({ id }) => store.deleteProject(id),
    'project.restore': ({ id }) => store.restoreProject(id),
    'settings.update': (patch) => writeSettings(db, patch),
    'reminder.act': ({ taskId, action }) => actOnReminder(store, taskId, action),
    'reminders.settings': (patch) => writeReminderSettings(db, patch),
    'data.export': () => exportData(db),
    'data.import': ({ text }) => importData(db, text, clock, { me: store.me(), defaultSpace: store.defaultSpace() }),
    'capture.activeTab': ({ projectId }) => captureActiveTab(projectId),
    'capture.prepare': ({ id }) => dialog().prepare(id),
    'capture.commit': (input) => dialog().commit(input),
    'capture.cancel': async ({ id }) => {
      await dialog().cancel(id);
      return null;
    },
    'capture.frame': ({ id, event }) => dialog().frame(id, event),
    'capture.email': ({ email, page, projectId, force }) =>
      captureEmail(
        email,
        page,
        projectId ? { kind: 'project', projectId } : projectId === null ? { kind: 'inbox' } : { kind: 'default' },
        { force },
      ),
    'integration.mail.status': () => mail().status(),
    'integration.mail.set': ({ service, enabled }) => mail().set(service, enabled),
    'account.createTeam': (input) =>
      account().createTeam({ ...input, serverUrl: requireSafeServerUrl(input.serverUrl, input).url }),
    'account.join': (input) =>
      account().join({ ...input, serverUrl: requireSafeServerUrl(input.serverUrl, input).url }),
    'account.refresh': async () => {
      await account().refresh();
      return null;
    },
    'account.signOut': async () => {
      await account().signOut();
      return null;
    },
    'team.invite': ({ teamId, role }) => account().invite(teamId, role),
    'team.removeMember': ({ teamId, userId }) =>
      members()
        .removeMember(teamId, userId)
        .then(() => null),
    'team.setRole': ({ teamId, userId, role }) =>
      members()
        .setRole(teamId, userId, role)
        .then(() => null),
    'team.transfer': ({ teamId, userId }) =>
      members()
        .transferOwnership(teamId, userId)
        .then(() => null),
    'team.leave': ({ teamId }) =>
      members()
        .leaveTeam(teamId)
        .then(() => null),
    'account.devices': () => members().devices(),
    'account.revokeDevice': ({ id }) =>
      members()
        .revokeDevice(id)
        .then(() => null),
    'apiToken.list': () => apiAccess().listTokens(),
    'apiToken.create': ({ name, scope }) => apiAccess().createToken(name, scope),
    'apiToken.revoke': ({ id }) =>
      apiAccess()
        .revokeToken(id)
        .then(() => null),
    'webhook.list': ({ teamId }) => apiAccess().listWebhooks(teamId),
    'webhook.create': ({ teamId, url, events }) => apiAccess().createWebhook(teamId, url, events),
    'webhook.update': ({ teamId, id, ...patch }) => apiAccess().updateWebhook(teamId, id, patch),
    'webhook.delete': ({ teamId, id }) =>
      apiAccess()
        .deleteWebhook(teamId, id)
        .then(() => null),
    'webhook.log': ({ teamId, id }) => apiAccess().deliveries(teamId, id),
    'row.create': ({ table, draft }) => store.createPlanningRow(table, draft),
    'row.update': ({ table, id, patch }) => store.updatePlanningRow(table, id, patch),
    'row.delete': ({ table, id }) => store.deleteRow(table, id),
    'row.restore': ({ table, id }) => store.restoreRow(table, id),
    'share.list': ({ projectId }) => account().shares(projectId),
    'share.create': ({ projectId }) => account().createShare(projectId),
    'share.revoke': async ({ projectId, shareId }) => {
      await account().revokeShare(projectId, shareId);
      return null;
    },
    'refusal.keep': async ({ id }) => {
      await keepOnDevice(db, id);
      return null;
    },
    'refusal.discard': async ({ id }) => {
      await discardRefused(db, id);
      return null;
    },
    'sync.now': async () => {
      await syncNow?.();
      return null;
    },
  };
}

function describe(error: unknown): { error: string; message: string } {
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
    return { error: 'Invalid', message: `${issue?.message ?? 'Invalid request'}${where}` };
  }
  if (error instanceof NotFoundError) return { error: 'NotFound', message: error.message };
  if (error instanceof InvalidValueError)
    return { error: 'Invalid', message: `This can't be saved: ${error.message}.` };
  if (error instanceof ServerUrlError)
    return { error: error.insecure ? 'InsecureServer' : 'BadServerUrl', message: error.message };
  if (error instanceof ImportError) return { error: 'BadFile', message: error.message };
  if (error instanceof UncapturableError) return { error: 'Uncapturable', message: error.message };
  if (error instanceof CaptureGoneError) return { error: 'Gone', message: error.message };
  if (error instanceof ApiError) return { error: error.code, message: error.message };
  if (error instanceof NetworkError)
    return { error: 'Offline', message: `${error.message} Check the address and that the server is running.` };
  console.error('Waypoint: request failed', error);
  return { error: 'Failed', message: error instanceof Error ? error.message : String(error) };
}

/** Validate and dispatch one runtime message; never throws, always answers with a Reply. */
export async function dispatch(handlers: Handlers, message: unknown): Promise<Reply<unknown>> {
  const envelope = envelopeSchema.safeParse(message);
  if (!envelope.success || !isMessageType(envelope.data.type)) {
    return { ok: false, error: 'UnknownMessage', message: 'Waypoint received a request it does not understand.' };
  }
  const type = envelope.data.type;
  try {
    const payload = requests[type].parse(envelope.data.payload);
    const handler = handlers[type] as (payload: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(payload) };
  } catch (error) {
    return { ok: false, ...describe(error) };
  }
}

export { readSettings };
