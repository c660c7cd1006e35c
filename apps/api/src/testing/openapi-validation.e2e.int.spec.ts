import { type OpenAPIObject } from '@nestjs/swagger';
import request from 'supertest';
import { OpenApiResponseValidator } from './openapi-validation';
import { type TestApp, startTestApp } from './test-app';

type Schemas = Record<string, { properties: Record<string, Record<string, unknown>>; required?: string[] }>;

// The hook of every e2e test: each answer a test receives through `t.http` is checked against the
// OpenAPI document. Here against a copy of the document with one thing wrong, to show it bites.
describe('the OpenAPI check of every answer in the e2e tests', () => {
  let t: TestApp;
  let document: OpenAPIObject;
  let anna: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    document = OpenApiResponseValidator.forApp(t.app).document;
    anna = await t.as('anna.coach', 'integration');
  });
  afterAll(() => t.close());

  const withDocument = (change: (copy: OpenAPIObject) => void) => {
    const copy = structuredClone(document);
    change(copy);
    return new OpenApiResponseValidator(copy).wrap(request(t.app.getHttpServer()));
  };
  const schemas = (copy: OpenAPIObject) => copy.components?.schemas as Schemas;

  it('passes answers that match the document, success and problem alike', async () => {
    const caseId = await t.openCase(anna);
    await t.http.get(`/api/cases/${caseId}`).set(anna).expect(200);
    await t.http.get(`/api/cases/${caseId}/timeline`).set(anna).expect(200);
    await t.http.get('/api/cases/0b9e5bd4-3c1e-4d0a-9b53-6f1f4a4f1e2a').set(anna).expect(404);
    await t.http.get('/api/cases?limit=0').set(anna).expect(400);
    await t.http.get('/api/nowhere').expect(404);
  });

  it('fails a test whose answer has a field of another type than documented', async () => {
    const http = withDocument((copy) => {
      schemas(copy)['PartnerDto']!.properties['stale'] = { type: 'string' };
    });
    await expect(http.get('/api/partners').set(anna).expect(200)).rejects.toThrow(
      /GET \/api\/partners → 200: body does not match the documented schema:\n {2}\/items\/0\/stale must be string/,
    );
  });

  it('fails a test whose answer has a field the document does not name', async () => {
    const http = withDocument((copy) => {
      delete schemas(copy)['PartnerDto']!.properties['stale'];
      schemas(copy)['PartnerDto']!.required = schemas(copy)['PartnerDto']!.required?.filter((n) => n !== 'stale');
    });
    await expect(http.get('/api/partners').set(anna)).rejects.toThrow(/must NOT have additional properties 'stale'/);
  });

  it('fails a test whose answer has a status the route does not document', async () => {
    const http = withDocument((copy) => {
      delete copy.paths['/api/partners/{agencyId}']!.get!.responses['404'];
    });
    await expect(http.get('/api/partners/no-such-agency').set(anna).expect(404)).rejects.toThrow(
      /GET \/api\/partners\/\{agencyId\} → 404: status 404 is not documented/,
    );
  });

  it('fails a problem answer that does not match the ProblemDetails schema', async () => {
    const http = withDocument((copy) => {
      schemas(copy)['ProblemDetails']!.required!.push('hint');
    });
    await expect(http.get('/api/partners/no-such-agency').set(anna)).rejects.toThrow(
      /must have required property 'hint'/,
    );
  });
});
