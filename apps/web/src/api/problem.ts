/** A problem+json answer of the API (RFC 9457), thrown by the client for every 4xx/5xx answer. */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';

  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string | undefined,
    readonly requestId: string | undefined,
  ) {
    super(`${code}: ${detail ?? title}`);
  }

  /** Reads a problem+json body; anything else becomes `HTTP.<status>` with the status text. */
  static async from(response: Response): Promise<ApiProblem> {
    const requestId = response.headers.get('X-Request-Id') ?? undefined;
    const body: unknown = /json/.test(response.headers.get('Content-Type') ?? '')
      ? await response.json().catch(() => undefined)
      : undefined;
    const field = (name: string): string | undefined => {
      const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
      return typeof value === 'string' ? value : undefined;
    };
    return new ApiProblem(
      response.status,
      field('code') ?? `HTTP.${response.status}`,
      field('title') ?? response.statusText,
      field('detail'),
      field('requestId') ?? requestId,
    );
  }
}

export const isApiProblem = (error: unknown): error is ApiProblem => error instanceof ApiProblem;
