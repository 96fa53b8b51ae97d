import type { z } from 'zod';

/** One operation of /openapi.json; `body` is the zod schema that validates it, so the document cannot drift. */
export type OpenApiOperation = {
  summary: string;
  role?: 'public' | 'merchandiser' | 'admin';
  body?: z.ZodType;
  parameters?: Array<{
    name: string;
    in: 'path' | 'query' | 'header';
    required?: boolean;
    description: string;
    schema?: Record<string, unknown>;
  }>;
  responses: Record<string, string>;
  /** JSON schema of the success (2xx) bodies, where the storefront codes against it (./response-schemas.ts). */
  responseSchema?: Record<string, unknown>;
};
