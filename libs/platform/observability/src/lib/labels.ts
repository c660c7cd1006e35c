/**
 * Label values are a closed vocabulary: route templates, problem codes, command and projection names.
 * Anything else (an id, a name, free text that reached an error) is replaced, so that no value that
 * could name a person ends up in a series, and a caller cannot grow the number of series at will.
 */
const CODE = /^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)*$/;
const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const MAX_LENGTH = 64;

/** A problem code (`CASE.NOT_OPEN`, `HTTP.404`-style codes included) or `OTHER`. */
export const codeLabel = (code: unknown): string =>
  typeof code === 'string' && code.length <= MAX_LENGTH && CODE.test(code) ? code : 'OTHER';

/** A command or projection name (`OpenCase`, `case-list`) or `other`. */
export const nameLabel = (name: unknown): string =>
  typeof name === 'string' && name.length <= MAX_LENGTH && NAME.test(name) ? name : 'other';

/** An HTTP method the API answers, or `OTHER`. */
export const methodLabel = (method: string | undefined): string => {
  const upper = (method ?? '').toUpperCase();
  return METHODS.has(upper) ? upper : 'OTHER';
};

/** A route template (`/api/cases/{id}`: no path values) or `none` when no route matched. */
export const routeLabel = (template: string | undefined): string =>
  template !== undefined && template.length <= 200 && /^\/[A-Za-z0-9/{}_.-]*$/.test(template) ? template : 'none';
