// API errors: every failure leaves the server as JSON `{error, message}` with the status the contract names.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): Record<string, unknown> {
    return { ...this.extra, error: this.code, message: this.message };
  }
}

export function errorResponse(c: Context, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(error.body(), error.status);
}

/** A zod failure as a 400 that names the first problems (paths and messages only, never the input). */
export function invalid(error: z.ZodError, what: string): ApiError {
  const issues = error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = issues[0];
  const message = first ? `Invalid ${what}: ${first.path ? `${first.path}: ` : ''}${first.message}` : `Invalid ${what}`;
  return new ApiError(400, 'Invalid', message.slice(0, 500), { issues });
}

/** Read and validate a JSON body; malformed JSON and schema failures are 400s. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S, what = 'body'): Promise<z.output<S>> {
  const raw = await readRawJson(c);
  const result = schema.safeParse(raw);
  if (!result.success) throw invalid(result.error, what);
  return result.data;
}

export async function readRawJson(c: Context): Promise<unknown> {
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    throw new ApiError(400, 'BadRequest', 'Could not read the request body');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'BadJson', 'The request body is not valid JSON');
  }
}
