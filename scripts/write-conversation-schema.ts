// Writes conversation.schema.json (shipped in the package) from src/converse/script-schema.ts;
// test/converse/schema.test.ts fails when it is stale: node scripts/write-conversation-schema.ts
import { writeFileSync } from 'node:fs';
import { SCRIPT_SCHEMA } from '../src/converse/script-schema.ts';

writeFileSync(new URL('../conversation.schema.json', import.meta.url), JSON.stringify(SCRIPT_SCHEMA, null, 2) + '\n');
