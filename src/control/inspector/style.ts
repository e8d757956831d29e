// The inspector's stylesheet: plain, readable, visible focus for keyboard use.
export const INSPECTOR_CSS = `
:root { font: 14px/1.4 system-ui, sans-serif; color: #1d1f24; background: #f6f7f9; }
body { margin: 0; }
[hidden] { display: none !important; } /* over display:flex and the like */
.scroll { max-height: 28rem; overflow: auto; } /* hundreds of coverage outcomes stay one screen */
header { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; padding: .6rem 1rem; background: #1d2a3a; color: #fff; }
header h1 { font-size: 1.1rem; margin: 0 1rem 0 0; }
header form { display: flex; gap: .4rem; align-items: center; }
.live { padding: .1rem .5rem; border-radius: 1rem; background: #5a6878; }
body[data-live="true"] .live { background: #1f8a4c; }
#status { margin-left: auto; }
#status.bad { color: #ffb4b4; }
main { padding: 0 1rem 2rem; display: grid; gap: 1rem; }
section { background: #fff; border: 1px solid #d9dde3; border-radius: 6px; padding: .5rem 1rem 1rem; overflow-x: auto; }
h2 { font-size: 1rem; margin: .4rem 0 .6rem; }
h3 { font-size: .95rem; margin: .2rem 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #eceef1; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: .85em; }
label { font-weight: 600; margin-left: .5rem; }
button, select, input { font: inherit; padding: .15rem .45rem; }
:focus-visible { outline: 3px solid #2f7de1; outline-offset: 1px; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: .6rem; background: #e3e7ec; font-size: .85em; font-weight: 600; }
.s-COMPLETED, .s-completed, .d-Delivered { background: #cdebd8; color: #0f5a2c; }
.s-FAILED, .s-failed, .s-BUSY, .s-busy, .s-NO_ANSWER, .s-no-answer, .d-Failed { background: #f7d4d4; color: #7d1616; }
.s-IN_PROGRESS, .s-in-progress, .s-RINGING, .s-ringing, .s-queued, .d-Pending { background: #fde9c2; color: #6b4a00; }
.call { border-top: 1px solid #eceef1; padding: .4rem 0; }
.meta, .stream { margin: .1rem 0; color: #4a5260; }
.timeline { margin: .2rem 0; padding-left: 1.4rem; columns: 2; font-size: .9em; }
.timeline li.hook summary { color: #1c4f8c; cursor: pointer; }
.timeline li.hook dl { margin: .2rem 0 .4rem 1rem; display: grid; grid-template-columns: auto 1fr; gap: 0 .6rem; }
.timeline li.hook dt { font-weight: 600; }
.timeline li.hook dd { margin: 0; white-space: pre-wrap; word-break: break-all; }
.timeline li.warn, p.warn, .note { color: #8a3b00; font-weight: 600; }
.timeline li.bad { color: #a11; }
.attempts { margin: 0; padding-left: 1rem; }
tr.dead td { background: #fff3f3; }
tr.violation td { background: #fff1d6; }
tr.violation td:last-child { color: #8a3b00; font-weight: 600; }
tr.unmatched td { color: #777; }
.revoked { text-decoration: line-through; }
`;
