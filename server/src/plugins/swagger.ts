import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'District safety dialogue API',
          description: 'Meetings of the police with housing associations, proposals, decisions and assignments to police services.',
          version: '1.0.0',
        },
        servers: [{ url: '/' }],
        components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'dsd_session' } } },
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'swagger' },
);
