// The one message map between UI pages and the background: every request is validated before it is handled.

import { API_SCOPES, WEBHOOK_EVENT_NAMES } from '@@/shared/schemas/api-access';
import { anyIdSchema, dateOnlySchema, dueSchema, idSchema } from '@@/shared/schemas/common';
import { projectPatchSchema, projectSchema } from '@@/shared/schemas/project';
import { STEPS_PER_TASK_MAX, stepSchema } from '@@/shared/schemas/step';
import { recurrenceSchema, reminderSchema, taskPatchSchema, taskSchema } from '@@/shared/schemas/task';
import { inviteRoleSchema, teamNameSchema, userNameSchema } from '@@/shared/schemas/team';
import { CHARTER_TABLES, type CharterTable } from '@@/shared/sync/tables';
import { z } from 'zod';
import { reminderActionSchema } from '../background/reminder-plan';
import { emailCaptureSchema } from '../capture/email';
import { reminderSettingsSchema } from '../data/reminder-settings';

const taskDraftSchema = taskSchema
  .pick({ title: true })
  .extend({
    projectId: idSchema.nullable().optional(),
    notes: z.string().max(20_000).optional(),
    dueAt: dueSchema.nullable().optional(),
    priority: z.number().int().min(1).max(4).optional(),
    tags: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
    status: taskSchema.shape.status.optional(),
    assigneeId: anyIdSchema.nullable().optional(),
    recurrence: recurrenceSchema.nullable().optional(),
    startAt: dateOnlySchema.nullable().optional(),
    estimateMinutes: taskSchema.shape.estimateMinutes,
    reminder: reminderSchema.nullable().optional(),
  })
  .strict();

// `teamId` is the space the new project is shared with (the project form's "Shared with").
const projectDraftSchema = projectSchema
  .pick({ name: true })
  .extend(projectSchema.omit({ id: true, name: true, createdAt: true, createdBy: true }).partial().shape)
  .strict();

const planningTableSchema = z.enum(CHARTER_TABLES as [CharterTable, ...CharterTable[]]);

const serverUrlSchema = z.string().trim().min(1, 'Enter the address of your team server').max(2000);

const idOnly = z.object({ id: idSchema }).strict();
const empty = z.object({}).strict();

export const settingsSchema = z.object({
  displayName: z.string().trim().max(100),
  defaultProjectId: idSchema.nullable(),
  /** The side panel's "work with your team?" card was answered with "Use without a server". */
  onboardingDismissed: z.boolean(),
  /** The capture shortcut opens the capture dialog instead of filing the page at once. */
  captureAsk: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

/** Request schemas, by message type. */
export const requests = {
  'task.create': taskDraftSchema,
  'task.update': z.object({ id: idSchema, patch: taskPatchSchema }).strict(),
  'task.delete': idOnly,
  'task.shareExcerpt': z.object({ id: idSchema, share: z.boolean() }).strict(),
  'task.restore': idOnly,
  // A task's checklist (extension/ui/steps.tsx): `index` is the place in the list, without the step moved.
  'step.create': z
    .object({
      taskId: idSchema,
      title: stepSchema.shape.title,
      index: z.number().int().min(0).max(STEPS_PER_TASK_MAX).optional(),
    })
    .strict(),
  'step.update': z
    .object({ id: idSchema, patch: z.object({ title: stepSchema.shape.title, done: z.boolean() }).partial().strict() })
    .strict(),
  'step.move': z.object({ id: idSchema, index: z.number().int().min(0).max(STEPS_PER_TASK_MAX) }).strict(),
  'step.delete': idOnly,
  'step.restore': idOnly,
  'steps.setDone': z.object({ ids: z.array(idSchema).max(STEPS_PER_TASK_MAX), done: z.boolean() }).strict(),
  'project.create': projectDraftSchema,
  'project.createFromTemplate': z
    .object({
      templateId: z.string().max(64),
      name: projectSchema.shape.name,
      start: dateOnlySchema,
      teamId: anyIdSchema.nullable().optional(),
      color: projectSchema.shape.color.optional(),
    })
    .strict(),
  'project.update': z.object({ id: idSchema, patch: projectPatchSchema }).strict(),
  'project.delete': idOnly,
  'project.restore': idOnly,
  'settings.update': settingsSchema.partial().strict(),
  /** A reminder's action, from the window a click on its notification opens (background/reminder-actions.ts). */
  'reminder.act': z.object({ taskId: idSchema, action: reminderActionSchema }).strict(),
  'reminders.settings': reminderSettingsSchema.partial().strict(),
  'data.export': empty,
  'data.import': z.object({ text: z.string().max(200_000_000) }).strict(),
  'capture.activeTab': z.object({ projectId: idSchema.nullable().optional() }).strict(),
  'capture.prepare': z.object({ id: z.string().uuid() }).strict(),
  'capture.commit': z
    .object({
      id: z.string().uuid(),
      title: taskSchema.shape.title,
      projectId: idSchema.nullable(),
      objectiveId: idSchema.nullable().optional(),
      milestoneId: idSchema.nullable().optional(),
      assigneeId: anyIdSchema.nullable().optional(),
      dueAt: dueSchema.nullable().optional(),
      priority: z.number().int().min(1).max(4).optional(),
      shareExcerpt: z.boolean(),
    })
    .strict(),
  'capture.cancel': z.object({ id: z.string().uuid() }).strict(),
  /** From the in-page capture dialog: show me (ready) or remove me (close); see capture/inline-dialog.ts. */
  'capture.frame': z.object({ id: z.string().uuid(), event: z.enum(['ready', 'close', 'stolen']) }).strict(),
  /** From the in-page button on Gmail/Outlook: the extracted message, or null to capture the page instead. */
  'capture.email': z
    .object({
      email: emailCaptureSchema.nullable(),
      page: z.object({ url: z.string().max(4096), title: z.string().max(1000) }).strict(),
      projectId: idSchema.nullable().optional(),
      force: z.boolean().optional(),
    })
    .strict(),
  'integration.mail.status': empty,
  /** Sent after the options page got (or before it gives back) the host permission of a mail service. */
  'integration.mail.set': z.object({ service: z.enum(['gmail', 'outlook']), enabled: z.boolean() }).strict(),
  'account.createTeam': z
    .object({
      serverUrl: serverUrlSchema,
      teamName: teamNameSchema,
      userName: userNameSchema,
      adminCode: z.string().max(200).optional(),
      /** Move this device's projects and tasks into the new space (the person chose so; default: keep them). */
      moveDeviceData: z.boolean().default(false),
      /** The person accepted an unencrypted http:// server on the network (see sync/server-url.ts). */
      allowInsecure: z.boolean().default(false),
    })
    .strict(),
  'account.join': z
    .object({
      serverUrl: serverUrlSchema,
      code: z.string().trim().min(1, 'Paste the invite code').max(64),
      userName: userNameSchema,
      moveDeviceData: z.boolean().default(false),
      allowInsecure: z.boolean().default(false),
    })
    .strict(),
  'account.refresh': empty,
  'account.signOut': empty,
  'team.invite': z.object({ teamId: anyIdSchema, role: inviteRoleSchema }).strict(),
  // Member lifecycle and devices (extension/account/members.ts).
  'team.removeMember': z.object({ teamId: anyIdSchema, userId: anyIdSchema }).strict(),
  'team.setRole': z.object({ teamId: anyIdSchema, userId: anyIdSchema, role: inviteRoleSchema }).strict(),
  'team.transfer': z.object({ teamId: anyIdSchema, userId: anyIdSchema }).strict(),
  'team.leave': z.object({ teamId: anyIdSchema }).strict(),
  'account.devices': empty,
  'account.revokeDevice': z.object({ id: anyIdSchema }).strict(),
  // Personal API tokens and team webhooks (extension/account/api-access.ts).
  'apiToken.list': empty,
  'apiToken.create': z
    .object({ name: z.string().trim().min(1, 'Name the token').max(100), scope: z.enum(API_SCOPES) })
    .strict(),
  'apiToken.revoke': z.object({ id: anyIdSchema }).strict(),
  'webhook.list': z.object({ teamId: anyIdSchema }).strict(),
  'webhook.create': z
    .object({
      teamId: anyIdSchema,
      url: z.string().trim().min(1, 'Paste the address that receives the events').max(2000),
      events: z.array(z.enum(WEBHOOK_EVENT_NAMES)).min(1, 'Choose at least one event').max(20),
    })
    .strict(),
  'webhook.update': z
    .object({
      teamId: anyIdSchema,
      id: anyIdSchema,
      enabled: z.boolean().optional(),
      events: z.array(z.enum(WEBHOOK_EVENT_NAMES)).min(1).max(20).optional(),
    })
    .strict(),
  'webhook.delete': z.object({ teamId: anyIdSchema, id: anyIdSchema }).strict(),
  'webhook.log': z.object({ teamId: anyIdSchema, id: anyIdSchema }).strict(),
  'sync.now': empty,
  /** What becomes of a change the team refused: kept on this device, or discarded / dismissed. */
  'refusal.keep': z.object({ id: z.string().max(200) }).strict(),
  'refusal.discard': z.object({ id: z.string().max(200) }).strict(),
  'share.list': z.object({ projectId: idSchema }).strict(),
  'share.create': z.object({ projectId: idSchema }).strict(),
  'share.revoke': z.object({ projectId: idSchema, shareId: z.string().max(100) }).strict(),
  'row.create': z.object({ table: planningTableSchema, draft: z.record(z.string(), z.unknown()) }).strict(),
  'row.update': z
    .object({ table: planningTableSchema, id: idSchema, patch: z.record(z.string(), z.unknown()) })
    .strict(),
  'row.delete': z.object({ table: planningTableSchema, id: idSchema }).strict(),
  'row.restore': z.object({ table: planningTableSchema, id: idSchema }).strict(),
} as const;

export type MessageType = keyof typeof requests;
export type RequestOf<T extends MessageType> = z.input<(typeof requests)[T]>;

export type Reply<R> = { ok: true; result: R } | { ok: false; error: string; message: string };

export const envelopeSchema = z.object({ type: z.string(), payload: z.unknown() });

export function isMessageType(type: string): type is MessageType {
  return Object.hasOwn(requests, type);
}
