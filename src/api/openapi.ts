import { z } from 'zod';
import { brandInput, categoryInput, merchantInput, ordersBatchInput, productInput } from '../catalog/schemas';
import { roles } from '../auth/api-keys';

/**
 * The OpenAPI document served at /openapi.json. Request bodies come from the
 * same zod schemas that validate them, so the document cannot drift from
 * what the API accepts.
 */
type Operation = {
  summary: string;
  role?: 'public' | 'merchandiser' | 'admin';
  body?: z.ZodType;
  parameters?: Array<{ name: string; in: 'path' | 'query'; required?: boolean; description: string; schema?: Record<string, unknown> }>;
  responses: Record<string, string>;
};

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' }, requestId: { type: 'string' } },
    },
  },
};

const idParam = { name: 'id', in: 'path' as const, required: true, description: 'Identifier (letters, digits and . _ : / -)' };
const writeResponses = { '200': 'Updated', '201': 'Created', '400': 'Invalid input (the error names the field)', '401': 'No or unknown key', '403': 'Wrong role or merchant' };

const operations: Record<string, Record<string, Operation>> = {
  '/healthz': { get: { summary: 'The process is alive', responses: { '200': 'Alive' } } },
  '/readyz': { get: { summary: 'Every dependency answers; details per dependency', responses: { '200': 'Ready', '503': 'A dependency is down' } } },
  '/v1/admin/products/{id}': {
    put: { summary: 'Create or replace a product', role: 'admin', body: productInput, parameters: [idParam], responses: writeResponses },
    delete: { summary: 'Delete a product (soft: status becomes deleted)', role: 'admin', parameters: [idParam], responses: { '204': 'Deleted', '404': 'Unknown product' } },
  },
  '/v1/admin/merchants/{id}': { put: { summary: 'Create or replace a merchant', role: 'admin', body: merchantInput, parameters: [idParam], responses: writeResponses } },
  '/v1/admin/categories/{id}': {
    put: { summary: 'Create or replace a category', role: 'admin', body: categoryInput, parameters: [idParam], responses: writeResponses },
    delete: { summary: 'Delete an unused category', role: 'admin', parameters: [idParam], responses: { '204': 'Deleted', '409': 'Still used' } },
  },
  '/v1/admin/brands/{id}': {
    put: { summary: 'Create or replace a brand', role: 'admin', body: brandInput, parameters: [idParam], responses: writeResponses },
    delete: { summary: 'Delete an unused brand', role: 'admin', parameters: [idParam], responses: { '204': 'Deleted', '409': 'Still used' } },
  },
  '/v1/admin/orders': { post: { summary: 'Ingest orders; each is written whole, re-sending replaces it', role: 'admin', body: ordersBatchInput, responses: { '200': '{created, updated}', '400': 'Invalid input' } } },
  '/v1/admin/keys': {
    get: { summary: 'List API keys (prefixes only)', role: 'admin', responses: { '200': 'Keys' } },
    post: {
      summary: 'Create an API key; the response shows it once',
      role: 'admin',
      body: z.strictObject({ role: z.enum(roles), merchantId: z.string().nullable().optional(), label: z.string().nullable().optional() }),
      responses: { '201': 'Created' },
    },
  },
  '/v1/admin/keys/{id}': { delete: { summary: 'Revoke an API key', role: 'admin', parameters: [idParam], responses: { '204': 'Revoked', '404': 'Unknown key' } } },
};

export function buildOpenApiDocument(extra: Record<string, Record<string, Operation>> = {}): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const [path, methods] of Object.entries({ ...operations, ...extra })) {
    paths[path] = Object.fromEntries(
      Object.entries(methods).map(([method, op]) => [
        method,
        {
          summary: op.summary,
          ...(op.role ? { security: [{ apiKey: [] }], 'x-agora-role': op.role } : {}),
          ...(op.parameters ? { parameters: op.parameters.map((p) => ({ schema: { type: 'string' }, ...p })) } : {}),
          ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(op.body, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
          responses: Object.fromEntries(
            Object.entries(op.responses).map(([status, description]) => [
              status,
              { description, ...(Number(status) >= 400 ? { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } : {}) },
            ]),
          ),
        },
      ]),
    );
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Agora', version: '0.1.0', description: 'Search and recommendations for multi-merchant marketplaces.' },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An Agora API key: public, merchandiser or admin.' } },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}

export type { Operation as OpenApiOperation };
