import { type OpenAPIObject } from '@nestjs/swagger';
import { completeOpenApiDocument, PROBLEM_JSON } from './openapi';

const purpose = { name: 'X-Purpose', in: 'header' as const, required: true, schema: { type: 'string' } };
const id = { name: 'id', in: 'path' as const, required: true, schema: { type: 'string' } };
const body = { required: true, content: { 'application/json': { schema: { type: 'object' } } } };
const ok = { 200: { description: 'ok' } };

const document = (): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {
    '/api/cases/{id}': {
      get: { parameters: [purpose, id], security: [{ bearer: [] }], responses: { ...ok } },
      post: {
        parameters: [purpose, id],
        requestBody: body,
        security: [{ bearer: [] }],
        responses: { 201: { description: 'created' }, 409: { description: 'CASE.CLOSED' } },
      },
    },
    '/api/cases/{id}/closure': {
      post: { parameters: [purpose, id], security: [{ bearer: [] }], responses: { 201: { description: 'closed' } } },
    },
    '/api/dev/token': { post: { requestBody: body, responses: { ...ok } } },
    '/api/partners': { get: { security: [{ bearer: [] }], responses: { ...ok } } },
    '/api/me/cases': { get: { security: [{ bearer: [] }], responses: { ...ok } } },
  },
  components: { schemas: {} },
});

const statuses = (doc: OpenAPIObject, path: string, method: 'get' | 'post') =>
  Object.keys(doc.paths[path]?.[method]?.responses ?? {});

describe('completeOpenApiDocument', () => {
  const doc = completeOpenApiDocument(document());

  it('adds the problems every route of a shape can answer, by that shape', () => {
    expect(statuses(doc, '/api/cases/{id}', 'get')).toEqual(['200', '400', '401', '403', '404', '503']);
    expect(statuses(doc, '/api/cases/{id}', 'post')).toEqual([
      '201',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '415',
      '503',
    ]);
    expect(statuses(doc, '/api/cases/{id}/closure', 'post')).toEqual(['201', '400', '401', '403', '404', '409', '503']);
    expect(statuses(doc, '/api/dev/token', 'post')).toEqual(['200', '400', '413', '415']);
    expect(statuses(doc, '/api/partners', 'get')).toEqual(['200', '400', '401', '403']);
    // The participant's own routes declare no purpose, and are audited all the same.
    expect(statuses(doc, '/api/me/cases', 'get')).toEqual(['200', '400', '401', '403', '503']);
  });

  it('keeps a route’s own description of a status and gives every problem the ProblemDetails schema', () => {
    const conflict = doc.paths['/api/cases/{id}']?.post?.responses['409'] as { description: string; content: object };
    expect(conflict.description).toBe('CASE.CLOSED');
    for (const item of Object.values(doc.paths)) {
      for (const operation of [item.get, item.post]) {
        for (const [status, answer] of Object.entries(operation?.responses ?? {})) {
          if (Number(status) < 400) continue;
          expect((answer as { content: object }).content).toEqual({
            [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/ProblemDetails' } },
          });
        }
      }
    }
  });

  it('marks routes without a token as public and names a server and a licence', () => {
    expect(doc.paths['/api/dev/token']?.post?.security).toEqual([]);
    expect(doc.paths['/api/partners']?.get?.security).toEqual([{ bearer: [] }]);
    expect(doc.servers).toHaveLength(1);
    expect(doc.info.license?.name).toBeTruthy();
  });
});
