// The inspector, a live web console at GET /__voicemock/: one HTML page, its stylesheet and
// its script, all served by the control API from this module (nothing from a CDN, a few kB).
// Every transport serves it alike, in-process and under a page's service worker too.
import { fail, type Resolver } from '../../core/operation.ts';
import { controlError } from '../provider.ts';
import { queryToken, sameSecret, TOKEN_COOKIE } from '../origin.ts';
import type { MockContext } from '../../core/context.ts';
import { inspectorApp } from './app.ts';
import { INSPECTOR_CSS } from './style.ts';
import { COVERAGE_SECTION, coveragePanel } from './coverage-panel.ts';

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>voicemock inspector</title>
<link rel="stylesheet" href="/__voicemock/inspector/app.css">
</head>
<body>
<header>
  <h1>voicemock inspector</h1>
  <span id="live" class="live" role="status">connecting…</span>
  <span id="clock-now">clock</span>
  <span id="timezone"></span>
  <form id="advance-form" hidden>
    <label for="advance-ms">Advance by (ms)</label>
    <input id="advance-ms" type="number" min="1" step="1" value="1000" required>
    <button type="submit">Advance clock</button>
  </form>
  <button id="reset" type="button">Reset</button>
  <output id="status" aria-live="polite"></output>
</header>
<main>
<section aria-labelledby="h-scenarios">
  <h2 id="h-scenarios">Scenarios</h2>
  <form id="scenario-form">
    <label for="scenario-name">Scenario</label>
    <select id="scenario-name"><option value="">none</option></select>
    <label for="scenario-scope">For</label>
    <select id="scenario-scope"><option value="all">everyone</option></select>
    <button type="submit" value="on">Switch on</button>
    <button type="submit" value="off">Switch off</button>
  </form>
  <p id="scenario-active">Active: none</p>
</section>
<section aria-labelledby="h-orgs">
  <h2 id="h-orgs">Organisations</h2>
  <table><thead><tr><th>id</th><th>name</th><th>keys</th><th>SFVoPI numbers</th><th>SFVoPI apps</th><th>Voxifi balance</th></tr></thead><tbody id="orgs-body"></tbody></table>
</section>
<section aria-labelledby="h-calls">
  <h2 id="h-calls">SFVoPI calls</h2>
  <div id="calls-list"></div>
</section>
<section aria-labelledby="h-vx">
  <h2 id="h-vx">Voxifi calls</h2>
  <p id="vx-balances"></p>
  <table><thead><tr><th>call</th><th>org</th><th>from → to</th><th>status</th><th>cost</th><th>cost status</th><th>reason</th></tr></thead><tbody id="vx-calls-body"></tbody></table>
</section>
<section aria-labelledby="h-deliveries">
  <h2 id="h-deliveries">Webhook deliveries</h2>
  <table><thead><tr><th>delivery</th><th>org</th><th>event</th><th>endpoint</th><th>status</th><th>attempts</th><th></th></tr></thead><tbody id="deliveries-body"></tbody></table>
</section>
${COVERAGE_SECTION}
<section aria-labelledby="h-journal">
  <h2 id="h-journal">Journal</h2>
  <form id="journal-filter">
    <label for="journal-org">Organisation</label> <select id="journal-org"><option value="">any</option></select>
    <label for="journal-op">Operation</label> <select id="journal-op"><option value="">any</option></select>
    <label for="journal-status">Status</label> <input id="journal-status" size="5" placeholder="e.g. 4xx">
    <input id="journal-quiet" type="checkbox" checked> <label for="journal-quiet">Hide the control API's reads</label>
  </form>
  <table><thead><tr><th>at</th><th>method</th><th>path</th><th>status</th><th>operation</th><th>org</th><th>scenario</th><th>contract violations</th></tr></thead><tbody id="journal-body"></tbody></table>
</section>
</main>
<script src="/__voicemock/inspector/app.js"></script>
<script src="/__voicemock/inspector/coverage.js"></script>
</body>
</html>
`;

// The function's own source, run once the page has loaded (the script tag is at the end).
const SCRIPT = `"use strict";\n(${inspectorApp.toString()})();\n`;

const ASSETS: Record<string, { type: string; body: string }> = {
  'app.js': { type: 'text/javascript; charset=utf-8', body: SCRIPT },
  'app.css': { type: 'text/css; charset=utf-8', body: INSPECTOR_CSS + 'tr.not-faced td { color: #6b4a00; }\n' },
  'coverage.js': { type: 'text/javascript; charset=utf-8', body: `"use strict";\n(${coveragePanel.toString()})();\n` },
};

const page = (body: string, type: string) =>
  new Response(body, { status: 200, headers: { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' } });

/**
 * `/__voicemock/?token=…` (the URL the start-up lines print): the token goes into an HttpOnly,
 * SameSite=Strict cookie and the browser is sent on to the page without it, so it leaves the
 * address bar and history. Only a right token is kept.
 */
function withToken(ctx: MockContext, request: Request): Response | null {
  const token = queryToken(request, 'inspector');
  const expected = ctx.config.controlToken;
  if (token === undefined || expected === null || !sameSecret(token, expected)) return null;
  const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
  return new Response(null, {
    status: 303,
    headers: {
      location: '/__voicemock/',
      'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/__voicemock; HttpOnly; SameSite=Strict${secure}`,
      'cache-control': 'no-store',
    },
  });
}

export const inspectorResolvers: Record<string, Resolver<null>> = {
  inspector: ({ ctx, request }) => withToken(ctx, request) ?? page(HTML, 'text/html; charset=utf-8'),
  inspectorAsset: ({ params }) => {
    const asset = Object.hasOwn(ASSETS, params.asset!) ? ASSETS[params.asset!] : undefined;
    if (!asset) fail(controlError(404, 'not_found', `no inspector asset ${params.asset}`));
    return page(asset.body, asset.type);
  },
};
