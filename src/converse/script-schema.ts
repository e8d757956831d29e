// The JSON Schema of a conversation script (YAML or JSON). The package also ships it as
// conversation.schema.json (a test keeps the two equal), for editors that complete YAML.
const ms = (max: number) => ({ type: 'integer', minimum: 0, maximum: max });

const say = {
  description: 'What the caller says: a WAV file (path relative to the script), one of the utterances voicemock ships, a tone, or text (spoken by espeak-ng when it is installed).',
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['wav'], properties: { wav: { type: 'string', minLength: 1, maxLength: 4096 } } },
    { type: 'object', additionalProperties: false, required: ['utterance'], properties: { utterance: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' } } },
    {
      type: 'object', additionalProperties: false, required: ['tone_ms'],
      properties: { tone_ms: { type: 'integer', minimum: 1, maximum: 60000 }, frequency_hz: { type: 'number', minimum: 50, maximum: 4000 } },
    },
    { type: 'object', additionalProperties: false, required: ['text'], properties: { text: { type: 'string', minLength: 1, maxLength: 500 } } },
  ],
};

const expectation = {
  description: 'One expectation; see the README (Conversation tests) for when each is measured.',
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    agent_speaks_within_ms: { ...ms(600000), description: "From the end of the caller's last speech (or the stream's start) to the agent's first speech heard." },
    agent_silent_for_ms: { ...ms(600000), description: 'The agent plays no speech for this long from here (it does not talk over the caller).' },
    agent_stops_within_ms: { ...ms(600000), description: 'After the last barge_in, the agent\'s speech stops (clearAudio, or its audio ends) within this long.' },
    checkpoint_acknowledged_within_ms: { ...ms(600000), description: "A checkpoint the agent sent after the caller's last speech is acknowledged (playedStream) within this long." },
    agent_hangs_up_within_ms: { ...ms(600000), description: 'The agent ends the call (closes the stream) within this long.' },
    answer_webhook_within_ms: { ...ms(60000), description: 'The answer webhook answered with Stream JSON within this long.' },
    no_protocol_violations: { const: true, description: 'Every message the agent sent is valid (schemas in openapi.yaml, codec and rate of its Stream JSON, JSON text frames).' },
  },
};

export const SCRIPT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://voicemock.dev/conversation.schema.json',
  title: 'voicemock conversation script',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'steps'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    call: {
      type: 'object',
      additionalProperties: false,
      properties: {
        direction: { enum: ['inbound', 'outbound'], default: 'inbound' },
        answer_url: { type: 'string', minLength: 1, maxLength: 2048, description: 'Your answer webhook; `--answer-url` overrides it.' },
      },
    },
    timeout_ms: { type: 'integer', minimum: 1, maximum: 600000, default: 60000, description: 'The whole conversation; past it the call is hung up and the script fails.' },
    steps: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: {
        type: 'object',
        minProperties: 1,
        maxProperties: 1,
        additionalProperties: false,
        properties: {
          say,
          silence: { ...ms(600000), description: 'The caller stays silent this long.' },
          dtmf: { type: 'string', pattern: '^[0-9*#A-D]{1,32}$' },
          hangup: { const: true },
          barge_in: {
            type: 'object', additionalProperties: false, required: ['after_ms', 'say'],
            description: "Waits until the agent has spoken for after_ms, then starts saying `say` over it (without waiting for it to end).",
            properties: { after_ms: ms(600000), say },
          },
          expect: expectation,
        },
      },
    },
  },
} as const;
