/**
 * The panel's whole stylesheet, inside its shadow root. Sizes are in px (rem would follow the host
 * page's root font size) and every inherited property is set on `.panel`, so the host's styles
 * reach nothing: `:host` is reset with `all: initial`, which as an important declaration of the
 * shadow tree wins over the page's own important ones.
 */
export const PANEL_CSS = `
:host { all: initial !important; display: contents !important; }
.panel {
  --bg: #14171c; --surface: #1b1f26; --raised: #232833; --line: #2e3440; --text: #dde1e8; --muted: #8d96a5;
  --accent: #7aa7ff; --danger: #ff7b72; --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  position: fixed; z-index: 2147483000; display: flex; flex-direction: column; box-sizing: border-box;
  background: var(--bg); color: var(--text); border: 0 solid var(--line);
  font: 400 12px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, "Noto Sans", sans-serif;
  letter-spacing: normal; text-align: left; text-transform: none; text-shadow: none; word-spacing: normal;
  visibility: visible; cursor: auto; color-scheme: dark; box-shadow: 0 -8px 28px rgba(0,0,0,.35);
}
.panel *, .panel *::before, .panel *::after { box-sizing: border-box; }
.panel.dock-bottom { left: 0; right: 0; bottom: 0; border-top-width: 1px; }
.panel.dock-right { top: 0; right: 0; bottom: 0; border-left-width: 1px; }
.resizer { position: absolute; z-index: 2; background: transparent; }
.dock-bottom .resizer { left: 0; right: 0; top: -3px; height: 7px; cursor: ns-resize; }
.dock-right .resizer { top: 0; bottom: 0; left: -3px; width: 7px; cursor: ew-resize; }
.resizer:hover, .resizer:focus-visible { background: var(--accent); outline: none; opacity: .6; }
.bar { display: flex; align-items: center; gap: 6px; padding: 0 6px; min-height: 34px; background: var(--surface); border-bottom: 1px solid var(--line); flex-wrap: wrap; }
.brand { font-weight: 700; letter-spacing: .02em; padding: 0 6px 0 2px; color: #fff; }
.brand::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%; background: #56d364; margin-right: 6px; vertical-align: 1px; }
[role=tablist] { display: flex; gap: 2px; align-self: stretch; }
[role=tab] { all: unset; box-sizing: border-box; min-height: 33px; padding: 0 12px; display: flex; align-items: center; color: var(--muted); border-bottom: 2px solid transparent; cursor: pointer; font-weight: 500; }
[role=tab]:hover { color: var(--text); }
[role=tab][aria-selected=true] { color: #fff; border-bottom-color: var(--accent); }
.spacer { flex: 1; }
.mini-clock { font-family: var(--mono); color: var(--muted); white-space: nowrap; }
.ws { color: var(--muted); white-space: nowrap; }
.ws b { color: var(--text); font-weight: 600; }
.content { flex: 1; min-height: 0; overflow: auto; }
[role=tabpanel] { padding: 8px; min-height: 100%; }
[role=tabpanel][hidden] { display: none; }
button, .panel input, .panel select {
  font: inherit; color: var(--text); background: var(--raised); border: 1px solid var(--line); border-radius: 5px; padding: 3px 9px; margin: 0;
  display: inline-block; visibility: visible; opacity: 1; min-height: 24px; line-height: 16px;
}
button { cursor: pointer; }
button:hover { border-color: #44506a; background: #2a3140; }
button:active { background: #20252f; }
button[aria-pressed=true] { background: #24395f; border-color: #3b5a92; color: #fff; }
button.icon { padding: 2px 7px; min-width: 26px; color: var(--muted); }
button.danger { color: #ffb1ab; border-color: #6b2f2c; }
button.danger[aria-pressed=true] { background: #5c1f1c; border-color: var(--danger); color: #fff; }
button.link { background: none; border-color: transparent; color: var(--accent); padding: 1px 4px; }
input::placeholder { color: #6b7483; }
input.narrow { width: 64px; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
[role=tab]:focus-visible { outline-offset: -2px; }
h3 { font-size: 11px; font-weight: 600; margin: 0 0 6px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
p { margin: 4px 0; }
.muted { color: var(--muted); }
.small { font-size: 11px; }
.mono, pre, code { font-family: var(--mono); font-size: 11.5px; }
.columns { display: flex; gap: 8px; align-items: stretch; flex-wrap: wrap; }
.card { background: var(--surface); border: 1px solid var(--line); border-radius: 7px; padding: 8px 10px; min-width: 300px; }
.grow { flex: 1; min-width: 320px; }
.scroll { overflow: auto; }
.row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin: 6px 0; }
form.inline { display: inline-flex; gap: 6px; }
label { display: inline-flex; gap: 6px; align-items: center; color: var(--muted); }
.message, .card-message { min-height: 18px; color: var(--muted); font-size: 11px; margin-top: 6px; }
.message.error, .card-message.error, .error-line { color: var(--danger); }
.clock-now { display: block; font: 600 22px/1.25 var(--mono); color: #fff; letter-spacing: -.01em; }
.chip { --chip: #3b4252; display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 11px; font-weight: 600; line-height: 17px;
  color: #0b0e14; background: var(--chip); white-space: nowrap; text-transform: none; letter-spacing: normal; }
.badge { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 10px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; line-height: 16px;
  background: var(--raised); color: var(--muted); min-width: 62px; text-align: center; }
.ch-http.badge { color: #7aa7ff; } .ch-socket.badge { color: #d2a8ff; } .ch-lifecycle.badge { color: #56d364; } .ch-webhook.badge { color: #e3b341; }
ol, ul { margin: 0; padding: 0; list-style: none; }
.upcoming li { padding: 3px 0; border-bottom: 1px solid var(--line); display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.upcoming .when { font-weight: 600; }
.snapshots { max-height: 240px; overflow: auto; }
.snapshots li { position: relative; margin-left: 4px; border-left: 2px solid var(--line); display: flex; gap: 6px; align-items: center; flex-wrap: wrap; padding: 3px 0 3px 12px; }
.snapshots li::before { content: ""; position: absolute; left: -5px; top: 9px; width: 8px; height: 8px; border-radius: 50%; background: var(--accent); }
.snapshots li.named::before { background: #e3b341; }
.snapshots li.muted::before, .snapshots li.error-line::before { display: none; }
.snapshots .badge { min-width: 0; }
.snapshots button { margin-left: auto; }
.panel input.state-link { width: 100%; font-family: var(--mono); font-size: 11px; }
button.attention { border-color: #e3b341; box-shadow: 0 0 0 2px rgba(227,179,65,.45); }
.toolbar { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin-bottom: 6px; position: sticky; top: -8px; background: var(--bg); padding: 4px 0; z-index: 1; }
.toolbar input[type=search] { width: 200px; }
.timeline li { border-bottom: 1px solid var(--line); }
.timeline .count { flex: none; padding: 0 6px; border-radius: 8px; background: var(--raised); color: var(--text); font: 600 11px/16px var(--mono); }
summary { display: flex; gap: 8px; align-items: center; padding: 3px 4px; cursor: pointer; list-style: none; white-space: nowrap; overflow: hidden; }
summary::-webkit-details-marker { display: none; }
summary::before { content: "▸"; color: var(--muted); width: 8px; }
details[open] > summary::before { content: "▾"; }
summary:hover { background: var(--surface); }
summary .title { overflow: hidden; text-overflow: ellipsis; font-family: var(--mono); font-size: 11.5px; }
pre.json { margin: 4px 0 6px; padding: 8px; background: #0f1216; border: 1px solid var(--line); border-radius: 5px; overflow: auto; max-height: 320px; white-space: pre-wrap; word-break: break-word; color: #c9d1d9; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 11px; padding: 2px 6px 2px 0; }
td { padding: 3px 6px 3px 0; border-top: 1px solid var(--line); vertical-align: top; }
.wrap { word-break: break-all; }
.deliveries li { border-bottom: 1px solid var(--line); padding: 4px 0; }
.deliveries .line { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.deliveries .next { color: #e3b341; }
.rl { flex: none; padding: 0 5px; border-radius: 4px; font: 700 10px/16px var(--mono); text-transform: uppercase; background: var(--raised); color: var(--muted); }
.rl-real { color: #56d364; } .rl-blended { color: #e3b341; }
.reality .badge { min-width: 0; }
.reality td { vertical-align: middle; }
.warnings li { padding: 4px 0; border-bottom: 1px solid var(--line); }
.warnings .badge { min-width: 0; }
.columns + .columns { margin-top: 8px; }
.ops .method { font: 700 10.5px/16px var(--mono); color: var(--accent); }
.ops .m-post { color: #56d364; } .ops .m-put, .ops .m-patch { color: #e3b341; } .ops .m-delete { color: var(--danger); }
.ops .badge { min-width: 0; white-space: nowrap; }
.ops .path { white-space: nowrap; }
.served-engine.badge { color: #7aa7ff; } .served-resource.badge { color: #56d364; } .served-example.badge { color: #d2a8ff; }
.served-generated.badge { color: #e3b341; } .served-none.badge { color: var(--danger); }
.ops tr.broken td:first-child { box-shadow: inset 2px 0 var(--danger); }
.ops .count { display: inline-block; padding: 0 6px; border-radius: 8px; background: #5c1f1c; color: #fff; font: 600 11px/16px var(--mono); }
.ops .violations li { font-size: 11px; padding: 2px 0; word-break: break-word; }
.detail { flex: 1 1 340px; max-width: 460px; overflow: auto; }
.dock-right .detail { max-width: none; }
.legend { display: flex; gap: 4px; flex-wrap: wrap; }
.entity-name { font-weight: 600; word-break: break-word; }
svg.graph { display: block; width: 100%; height: auto; overflow: visible; }
svg .head { fill: var(--muted); font: 600 10px system-ui, sans-serif; text-transform: uppercase; letter-spacing: .08em; }
svg .edges path { fill: none; stroke: #4a5366; stroke-width: 1.4; }
svg .node { cursor: pointer; transition: transform .45s ease; outline: none; }
svg .node.fresh { transition: none; }
svg .node rect { stroke: rgba(0,0,0,.35); stroke-width: 1; transition: fill .6s ease; }
svg .node .label { fill: #0b0e14; font: 600 12px system-ui, sans-serif; pointer-events: none; }
svg .node .sub { fill: rgba(11,14,20,.75); font: 500 10.5px var(--mono); pointer-events: none; }
svg .node.stateless .label { fill: var(--text); } svg .node.stateless .sub { fill: var(--muted); }
svg .node:hover rect { stroke: #fff; }
svg .node:focus-visible rect, svg .node.selected rect { stroke: #fff; stroke-width: 2.5; }
svg .node.pulse rect { animation: pulse 1.1s ease-out; }
@keyframes pulse { 0% { stroke: #fff; stroke-width: 6; } 100% { stroke-width: 1; } }
@media (prefers-reduced-motion: reduce) { svg .node, svg .node rect { transition: none; } svg .node.pulse rect { animation: none; } }
`
