// A small SFVoPI voice agent, no cloud: an energy detector decides when the caller speaks.
// It greets, answers each utterance REPLY_DELAY_MS after the caller stops, clears its audio
// when the caller talks over it, marks a checkpoint after each prompt, and on DTMF # says
// goodbye and hangs up (closes the stream). Run: node examples/agent/agent.js
//   PORT (default 3000; 0 picks a free one)   REPLY_DELAY_MS (default 500)
// Its answer webhook is http://127.0.0.1:PORT/answer; the stream is ws://127.0.0.1:PORT/media.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { WebSocketServer } from 'ws';

const REPLY_DELAY_MS = Number(process.env.REPLY_DELAY_MS ?? 500);
const SPEECH_RMS = 500; // a 20 ms frame louder than this is speech
const FRAME = 160; // 20 ms at 8 kHz

// G.711 A-law, both ways (the stream asks for PCMA at 8 kHz: SFVoPI's native format).
function alawDecode(a) {
  a ^= 0x55;
  const t = (a & 0x0f) << 4;
  const seg = (a & 0x70) >> 4;
  const v = seg === 0 ? t + 8 : seg === 1 ? t + 0x108 : (t + 0x108) << (seg - 1);
  return a & 0x80 ? v : -v;
}
function alawEncode(pcm) {
  const sign = pcm >= 0 ? 0xd5 : 0x55;
  let v = Math.min(32635, Math.abs(pcm));
  if (v < 256) return ((v >> 4) ^ sign) & 0xff;
  let seg = 1;
  while (v >= 512 && seg < 7) { v >>= 1; seg++; }
  return ((seg << 4) | ((v >> 4) & 0x0f)) ^ sign;
}

/** A prompt as the playAudio payloads of its 20 ms frames. */
function prompt(name) {
  const wav = readFileSync(new URL(`./prompts/${name}.wav`, import.meta.url));
  const samples = new Int16Array(wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + wav.length));
  const frames = [];
  for (let at = 0; at < samples.length; at += FRAME) {
    const bytes = Buffer.alloc(FRAME, 0xd5);
    for (let i = 0; i < FRAME && at + i < samples.length; i++) bytes[i] = alawEncode(samples[at + i]);
    frames.push(bytes.toString('base64'));
  }
  return { frames, ms: frames.length * 20 };
}
const PROMPTS = { greeting: prompt('greeting'), answer: prompt('answer'), goodbye: prompt('goodbye') };

function isSpeech(payload) {
  const bytes = Buffer.from(payload, 'base64');
  let sum = 0;
  for (const b of bytes) { const s = alawDecode(b); sum += s * s; }
  return Math.sqrt(sum / bytes.length) > SPEECH_RMS;
}

function converse(ws) {
  let speakingUntil = 0; // when what we queued will have played
  let callerSpeaking = false;
  let replyTimer = null;
  const send = (message) => ws.send(JSON.stringify(message));
  const say = (name) => {
    const { frames, ms } = PROMPTS[name];
    for (const payload of frames) send({ event: 'playAudio', media: { payload, contentType: 'audio/PCMA', sampleRate: 8000 } });
    send({ event: 'checkpoint', name });
    speakingUntil = Math.max(Date.now(), speakingUntil) + ms;
    return ms;
  };
  ws.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.event === 'start') say('greeting');
    else if (message.event === 'dtmf' && message.dtmf.digit === '#') {
      clearTimeout(replyTimer);
      const ms = say('goodbye');
      setTimeout(() => ws.close(1000, 'goodbye'), ms + 200);
    } else if (message.event === 'media' && isSpeech(message.media.payload)) {
      // The caller talks over us: stop at once.
      if (!callerSpeaking && Date.now() < speakingUntil) {
        send({ event: 'clearAudio' });
        speakingUntil = Date.now();
      }
      callerSpeaking = true;
      clearTimeout(replyTimer);
      replyTimer = setTimeout(() => { callerSpeaking = false; say('answer'); }, REPLY_DELAY_MS);
    }
  });
  ws.on('close', () => clearTimeout(replyTimer));
}

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/answer') {
    const { port } = server.address();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ stream: { url: `ws://127.0.0.1:${port}/media`, codec: 'PCMA', sample_rate: 8000, bidirectional: true } }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
});
new WebSocketServer({ server, path: '/media' }).on('connection', converse);
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`agent listening: answer webhook http://127.0.0.1:${server.address().port}/answer`);
});
