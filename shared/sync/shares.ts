// Status page share links: a revocable, read-only web page per project for stakeholders without the extension.
import { z } from 'zod';

export const SHARES_API = {
  /** POST: create a link (owner, admin, member) → 201 ShareCreated. GET: list the project's live links. */
  projectShares: (teamId: string, projectId: string) => `/v1/teams/${teamId}/projects/${projectId}/shares`,
  /** DELETE: revoke a link → 204; the page then answers 410. */
  share: (teamId: string, shareId: string) => `/v1/teams/${teamId}/shares/${shareId}`,
  /** GET: the status page itself, HTML, no authentication. */
  page: (token: string) => `/s/${token}`,
} as const;

/** `ws_` + 43 base64url characters (256 random bits); the server keeps only its hash. */
export const shareTokenSchema = z.string().regex(/^ws_[A-Za-z0-9_-]{43}$/, 'Malformed share token');

export const shareSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Share = z.infer<typeof shareSchema>;

/** The answer to a create: the only time the full URL (with its token) is shown. */
export const shareCreatedSchema = shareSchema.extend({ url: z.string(), token: shareTokenSchema });
export type ShareCreated = z.infer<typeof shareCreatedSchema>;

export const sharesResponseSchema = z.object({ shares: z.array(shareSchema) });
