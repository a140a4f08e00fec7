/** OpenAPI 3.1 description of the public HTTP API, served at /api/openapi.json. */
const error = { $ref: '#/components/schemas/Error' };
const json = (schema: unknown) => ({ 'application/json': { schema } });
const errors = {
  '400': { description: 'Malformed or invalid request; the message says what is wrong', content: json(error) },
  '401': { description: 'Missing token, wrong token or unknown conversation', content: json(error) },
  '413': { description: 'Body too large', content: json(error) },
};
const conversationId = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const bearer = [{ conversationToken: [] }];

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'customs-ip-assistant API',
    version: '1.0.0',
    description:
      'Ask questions about recording IP with foreign customs, walk through a registration, reach a person. Every conversation has its own bearer token, returned once when it is created.',
  },
  components: {
    securitySchemes: { conversationToken: { type: 'http', scheme: 'bearer', description: 'The token returned by POST /api/conversations' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string', examples: ['bad_request:api'] }, message: { type: 'string' }, details: {} } } },
      },
      Citation: { type: 'object', required: ['id', 'title', 'url', 'verified'], properties: { id: { type: 'string' }, title: { type: 'string' }, url: { type: 'string', format: 'uri' }, verified: { type: 'string', format: 'date' } } },
      Choice: { type: 'object', required: ['id', 'label'], properties: { id: { type: 'string' }, label: { type: 'string' } } },
      Ticket: {
        type: 'object',
        properties: { id: { type: 'integer' }, priority: { enum: ['urgent', 'high', 'normal'] }, reason: { type: 'string' }, status: { enum: ['open', 'claimed', 'answered', 'resolved'] }, deadline: { type: ['string', 'null'], format: 'date' } },
      },
      Reply: {
        type: 'object',
        required: ['conversationId', 'messageId', 'text', 'language', 'citations', 'choices', 'ticket', 'plan', 'escalate', 'kind'],
        properties: {
          conversationId: { type: 'string' },
          messageId: { type: 'string' },
          text: { type: 'string', description: 'Markdown (links, bold, lists)' },
          language: { enum: ['ko', 'en'] },
          citations: { type: 'array', items: { $ref: '#/components/schemas/Citation' } },
          choices: { type: 'array', items: { $ref: '#/components/schemas/Choice' }, description: 'Send a choice back as {"action": id}' },
          ticket: { oneOf: [{ $ref: '#/components/schemas/Ticket' }, { type: 'null' }] },
          plan: { type: ['object', 'null'], description: 'The registration plan when the walkthrough ends' },
          confidence: { type: ['number', 'null'] },
          escalate: { type: 'boolean' },
          kind: { enum: ['answer', 'walkthrough', 'plan', 'ticket', 'help', 'feedback', 'smalltalk'] },
        },
      },
      AskResult: {
        type: 'object',
        required: ['answer', 'language', 'citations', 'confidence', 'escalate', 'reason', 'jurisdictions'],
        properties: {
          answer: { type: 'string' },
          language: { enum: ['ko', 'en'] },
          citations: { type: 'array', items: { $ref: '#/components/schemas/Citation' } },
          confidence: { type: 'number', minimum: 0, maximum: 1 },
          escalate: { type: 'boolean' },
          reason: { type: ['string', 'null'] },
          jurisdictions: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
  paths: {
    '/api/ask': {
      post: {
        summary: 'Answer one stand-alone question',
        requestBody: { required: true, content: json({ type: 'object', required: ['q'], properties: { q: { type: 'string', maxLength: 4000 }, lang: { enum: ['ko', 'en'] } } }) },
        responses: { '200': { description: 'The answer', content: json({ $ref: '#/components/schemas/AskResult' }) }, ...errors },
      },
    },
    '/api/conversations': {
      post: {
        summary: 'Start a conversation',
        requestBody: { required: false, content: json({ type: 'object', properties: { language: { enum: ['ko', 'en'] } } }) },
        responses: { '201': { description: 'Created; keep the token', content: json({ type: 'object', required: ['conversationId', 'token'], properties: { conversationId: { type: 'string' }, token: { type: 'string' } } }) }, ...errors },
      },
    },
    '/api/conversations/{id}/messages': {
      parameters: [conversationId],
      post: {
        summary: 'Send a message or a choice',
        security: bearer,
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 }, description: 'A resent message with the same key is answered once' }],
        requestBody: {
          required: true,
          content: json({ type: 'object', properties: { text: { type: 'string', maxLength: 4000 }, action: { type: 'string' }, language: { enum: ['ko', 'en'] } }, description: 'Exactly one of text or action' }),
        },
        responses: { '200': { description: 'The reply', content: json({ $ref: '#/components/schemas/Reply' }) }, ...errors },
      },
      get: { summary: 'The transcript', security: bearer, responses: { '200': { description: 'Messages, oldest first' }, ...errors } },
    },
    '/api/conversations/{id}/events': {
      parameters: [conversationId],
      get: {
        summary: 'Server-Sent Events: reply.delta while an answer is produced, message.created, ticket.created, ticket.updated, staff.replied',
        description: 'Resumable: send Last-Event-ID (or ?lastEventId=) to receive everything after it. EventSource cannot send headers, so the token may be given as ?token=.',
        parameters: [
          { name: 'token', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'text/event-stream' }, ...errors },
      },
    },
    '/api/conversations/{id}/feedback': {
      parameters: [conversationId],
      post: {
        summary: 'Thumbs up or down on an answer',
        security: bearer,
        requestBody: { required: true, content: json({ type: 'object', required: ['messageId', 'rating'], properties: { messageId: { type: 'string' }, rating: { enum: ['up', 'down'] }, comment: { type: 'string' } } }) },
        responses: { '200': { description: 'The reply', content: json({ $ref: '#/components/schemas/Reply' }) }, ...errors },
      },
    },
    '/api/conversations/{id}/attachments': {
      parameters: [conversationId],
      post: {
        summary: 'Attach a file for staff (a customs notice, a photo of a suspected fake)',
        description: 'The raw bytes as the body. PDF, JPEG, PNG, WebP, GIF or HEIC, told apart by their bytes; size, count and total per conversation are bounded (413, 422), other types refused (415). Files are only ever downloaded by staff.',
        security: bearer,
        parameters: [{ name: 'name', in: 'query', required: false, schema: { type: 'string', maxLength: 300 } }],
        requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
        responses: { '201': { description: 'Stored; the reply says who will look at it', content: json({ $ref: '#/components/schemas/Reply' }) }, ...errors },
      },
    },
    '/api/conversations/{id}/tickets/{ticketId}/rating': {
      parameters: [conversationId, { name: 'ticketId', in: 'path', required: true, schema: { type: 'integer' } }],
      post: {
        summary: 'Rate a closed request, 1 (very dissatisfied) to 5 (very satisfied); a later rating replaces the first',
        security: bearer,
        requestBody: { required: true, content: json({ type: 'object', required: ['score'], properties: { score: { type: 'integer', minimum: 1, maximum: 5 }, comment: { type: 'string', maxLength: 1000 } } }) },
        responses: { '200': { description: 'Stored' }, '409': { description: 'The request is not closed yet' }, ...errors },
      },
    },
    '/api/conversations/{id}/plan.md': { parameters: [conversationId], get: { summary: 'The registration plan as Markdown', security: bearer, responses: { '200': { description: 'text/markdown' }, '404': { description: 'No plan yet' } } } },
    '/api/conversations/{id}/plan.ics': { parameters: [conversationId], get: { summary: 'Renewal reminders as an iCalendar file', security: bearer, responses: { '200': { description: 'text/calendar' }, '404': { description: 'No plan yet' } } } },
    '/healthz': { get: { summary: 'Liveness', responses: { '200': { description: 'ok' } } } },
  },
} as const;
