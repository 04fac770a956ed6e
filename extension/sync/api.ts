// Typed client of the sync server's HTTP API (docs/protocol.md), with errors a person can read.

import {
  ACCOUNT_API,
  devicesResponseSchema,
  memberChangeResponseSchema,
  type SetRoleRequest,
} from '@@/shared/schemas/account';
import type { InviteRole } from '@@/shared/schemas/team';
import {
  API,
  type AuthResponse,
  authResponseSchema,
  type CreateInviteResponse,
  createInviteResponseSchema,
  errorBodySchema,
  type MembersResponse,
  type MeResponse,
  membersResponseSchema,
  meResponseSchema,
  PROTOCOL_VERSION,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  pullResponseSchema,
  pushResponseSchema,
} from '@@/shared/sync/protocol';
import { SHARES_API, type ShareCreated, shareCreatedSchema, sharesResponseSchema } from '@@/shared/sync/shares';
import type { z } from 'zod';

/** The server answered with an error status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The server could not be reached at all (offline, wrong address, server down). */
export class NetworkError extends Error {
  constructor(serverUrl: string, cause: unknown) {
    super(`Can't reach the team server at ${serverUrl}.`, { cause });
    this.name = 'NetworkError';
  }
}

export function normaliseServerUrl(input: string): string {
  const trimmed = input.trim().replace(/\/+$/, '');
  const url = new URL(/^https?:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error('The server address must start with http:// or https://');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

export interface ApiOptions {
  serverUrl: string;
  token?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export function createApi({ serverUrl, token, fetch: doFetch = fetch, timeoutMs = 15_000 }: ApiOptions) {
  async function call<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<z.infer<S>> {
    let response: Response;
    try {
      response = await doFetch(`${serverUrl}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new NetworkError(serverUrl, cause);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      throw new ApiError(
        response.status,
        'BadResponse',
        `The server at ${serverUrl} did not answer like a Waypoint server (HTTP ${response.status}).`,
      );
    }
    if (!response.ok) {
      const error = errorBodySchema.safeParse(json);
      throw new ApiError(
        response.status,
        error.success ? error.data.error : 'HttpError',
        error.success ? error.data.message : `The server answered HTTP ${response.status}.`,
        (json ?? {}) as Record<string, unknown>,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new ApiError(response.status, 'BadResponse', `Unexpected answer from the server for ${path}.`);
    return parsed.data;
  }

  return {
    serverUrl,
    /** Any other JSON call with the account's token (API tokens and webhooks, extension/account/api-access.ts). */
    request: call,
    createTeam: (input: { teamName: string; userName: string; adminCode?: string }): Promise<AuthResponse> =>
      call('POST', API.teams, authResponseSchema, input),
    join: (input: { code: string; userName: string }): Promise<AuthResponse> =>
      call('POST', API.join, authResponseSchema, input),
    me: (): Promise<MeResponse> => call('GET', API.me, meResponseSchema),
    members: (teamId: string): Promise<MembersResponse> => call('GET', API.members(teamId), membersResponseSchema),
    createInvite: (teamId: string, role: InviteRole): Promise<CreateInviteResponse> =>
      call('POST', API.invites(teamId), createInviteResponseSchema, { role }),
    createShare: (teamId: string, projectId: string): Promise<ShareCreated> =>
      call('POST', SHARES_API.projectShares(teamId, projectId), shareCreatedSchema, {}),
    listShares: (teamId: string, projectId: string) =>
      call('GET', SHARES_API.projectShares(teamId, projectId), sharesResponseSchema),
    revokeShare: (teamId: string, shareId: string) =>
      call('DELETE', SHARES_API.share(teamId, shareId), errorBodySchema.partial().loose()),
    revokeToken: () => call('DELETE', API.currentToken, errorBodySchema.partial().loose()),
    // Member lifecycle and devices (shared/schemas/account.ts).
    removeMember: (teamId: string, userId: string) =>
      call('DELETE', ACCOUNT_API.member(teamId, userId), memberChangeResponseSchema.loose()),
    setMemberRole: (teamId: string, userId: string, role: SetRoleRequest['role']) =>
      call('PATCH', ACCOUNT_API.member(teamId, userId), memberChangeResponseSchema, { role }),
    transferOwnership: (teamId: string, userId: string) =>
      call('POST', ACCOUNT_API.transfer(teamId), memberChangeResponseSchema.loose(), { userId }),
    leaveTeam: (teamId: string) => call('POST', ACCOUNT_API.leave(teamId), memberChangeResponseSchema),
    devices: () => call('GET', ACCOUNT_API.tokens, devicesResponseSchema),
    revokeDevice: (id: string) => call('DELETE', ACCOUNT_API.token(id), errorBodySchema.partial().loose()),
    push: (body: Omit<PushRequest, 'protocolVersion'>): Promise<PushResponse> =>
      call('POST', API.push, pushResponseSchema, { protocolVersion: PROTOCOL_VERSION, ...body }),
    pull: (query: { teamId: string; clientId: string; cursor: string; limit?: number }): Promise<PullResponse> => {
      const params = new URLSearchParams({
        teamId: query.teamId,
        clientId: query.clientId,
        cursor: query.cursor,
        protocolVersion: String(PROTOCOL_VERSION),
      });
      if (query.limit) params.set('limit', String(query.limit));
      return call('GET', `${API.pull}?${params}`, pullResponseSchema);
    },
  };
}

export type Api = ReturnType<typeof createApi>;
