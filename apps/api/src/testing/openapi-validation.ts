import { type INestApplication } from '@nestjs/common';
import { type OpenAPIObject } from '@nestjs/swagger';
import { createOpenApiDocument } from '@fallverbund/http';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type request from 'supertest';
import { type Response, type Test } from 'supertest';
import { API_INFO } from '../app/create-app';

type Agent = ReturnType<typeof request>;
type Schema = Record<string, unknown>;
interface Route {
  readonly template: string;
  readonly pattern: RegExp;
  readonly literalSegments: number;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;
const DOCUMENT_KEY = 'openapi.json';

/** Not part of the API: the documentation itself. */
const UNDOCUMENTED = /^\/api\/docs(?:-json|\/|$)/;

/**
 * Checks answers against the OpenAPI document of the app: the status must be documented for the route
 * and method, the media type too, and a JSON body must match its schema. Stricter than the document
 * in one way: an object schema with properties admits no property it does not name, so a field that
 * a view gains without the document saying so fails the test that sees it.
 */
export class OpenApiResponseValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenAPIObject) {
    addFormats(this.ajv);
    this.ajv.addSchema(closeObjects(structuredClone(document)) as Schema, DOCUMENT_KEY);
    this.routes = Object.keys(document.paths)
      .map((template) => ({
        template,
        pattern: new RegExp(
          `^${template
            .split('/')
            .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : escapeRegExp(segment)))
            .join('/')}$`,
        ),
        literalSegments: template.split('/').filter((segment) => !segment.startsWith('{')).length,
      }))
      // /api/cases/search before /api/cases/{id}
      .sort((a, b) => b.literalSegments - a.literalSegments);
  }

  static forApp(app: INestApplication): OpenApiResponseValidator {
    return new OpenApiResponseValidator(createOpenApiDocument(app, API_INFO));
  }

  /** The reasons the answer does not match the document; empty when it does. */
  check(method: string, url: string, response: Pick<Response, 'status' | 'headers' | 'body' | 'text'>): string[] {
    const path = new URL(url, 'http://localhost').pathname;
    if (UNDOCUMENTED.test(path)) return [];
    const { status } = response;
    const contentType =
      String(response.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim() ?? '';
    const route = this.routes.find((candidate) => candidate.pattern.test(path));
    const operationKey = method.toLowerCase() as (typeof HTTP_METHODS)[number];
    const operation = route ? this.document.paths[route.template]?.[operationKey] : undefined;
    const where = `${method.toUpperCase()} ${route?.template ?? path} → ${status}`;
    if (!route || !operation) {
      // No route of that path and method: the router's own 404 problem.
      if (status !== 404) return [`${where}: no documented route, yet it answered ${status}`];
      return this.validate(
        '#/components/schemas/ProblemDetails',
        response.body,
        where,
        contentType === 'application/problem+json' ? [] : [`${where}: media type ${contentType}`],
      );
    }
    const documented = operation.responses[String(status)] as
      { content?: Record<string, { schema?: unknown }> } | undefined;
    if (!documented) {
      return [
        `${where}: status ${status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`,
      ];
    }
    const hasBody = response.text !== undefined && response.text !== '' && method.toUpperCase() !== 'HEAD';
    if (!hasBody) return [];
    const media = documented.content?.[contentType];
    if (!media) {
      return [`${where}: media type ${contentType || '(none)'} is not documented for this status`];
    }
    if (!media.schema) return [`${where}: no schema for ${contentType}`];
    if (contentType !== 'application/json' && contentType !== 'application/problem+json') return [];
    const pointer = `#/paths/${escapePointer(route.template)}/${operationKey}/responses/${status}/content/${escapePointer(contentType)}/schema`;
    return this.validate(pointer, response.body, where, []);
  }

  private validate(pointer: string, body: unknown, where: string, problems: string[]): string[] {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_KEY}${pointer}` });
      this.validators.set(pointer, validate);
    }
    if (validate(body)) return problems;
    const errors = (validate.errors ?? [])
      .slice(0, 8)
      .map(
        (e) =>
          `${e.instancePath || '(body)'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params['additionalProperty'])}'` : ''}`,
      );
    return [...problems, `${where}: body does not match the documented schema:\n  ${errors.join('\n  ')}`];
  }

  /**
   * The same agent, whose every request checks its answer against the document: a mismatch fails the
   * request like a failed `.expect()`, whatever the test expects after it.
   */
  wrap(agent: Agent): Agent {
    return new Proxy(agent, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || !(HTTP_METHODS as readonly unknown[]).includes(property)) return value;
        return (url: string, ...rest: unknown[]): Test => {
          const test = (value as (url: string, ...rest: unknown[]) => Test).call(target, url, ...rest);
          const method = String(property);
          return test.expect((response: Response) => {
            const problems = this.check(method, url, response);
            if (problems.length > 0) {
              throw new Error(
                `The answer does not match the OpenAPI document:\n${problems.join('\n')}\nbody: ${truncate(response.text)}`,
              );
            }
          });
        };
      },
    });
  }
}

/** The document as Ajv reads it: objects with properties closed, OpenAPI 3.0 `nullable` as `anyOf` null. */
function closeObjects(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(closeObjects);
  if (typeof value !== 'object' || value === null) return value;
  const object = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, closeObjects(child)]));
  if (object['type'] === 'object' && object['properties'] && object['additionalProperties'] === undefined) {
    object['additionalProperties'] = false;
  }
  if (object['nullable'] === true) {
    const { nullable: _, ...rest } = object;
    return { anyOf: [{ type: 'null' }, rest] };
  }
  return object;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const escapePointer = (text: string) => text.replace(/~/g, '~0').replace(/\//g, '~1');
const truncate = (text: string | undefined) =>
  text === undefined ? '' : text.length > 600 ? `${text.slice(0, 600)}…` : text;
