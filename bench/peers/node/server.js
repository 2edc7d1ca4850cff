// Benchmark peer: plain node:http plus socket.io 4.8 serving the part of the RetroBoard contract
// the benchmark drives (switch, settings, the four events on connect, broadcasts on change).
"use strict";
const http = require("node:http");
const { Server } = require("socket.io");

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), [])
);
const host = args.host || "127.0.0.1";
const port = Number(args.port || 0);

const APPS = ["clock", "scroll_text", "stars"];
const DEFAULTS = {
  clock: { font: "tom-thumb", color: [255, 255, 255] },
  scroll_text: { text: "Hello, World!", font: "tom-thumb", color: [255, 255, 255], speed: 1, fps: 30 },
  stars: { spawn_rate: 1, lifetime: 40, fps: 60 },
};
const state = { app: "clock", brightness: 100 };
const current = () => ({ app: state.app, config: DEFAULTS[state.app] });
const carousel = () => ({ enabled: false, apps: [{ app: "clock", duration: 10 }], current_index: 0 });

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function readJson(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString() || "null"));
      } catch {
        resolve(null);
      }
    });
  });
}

const server = http.createServer(async (req, res) => {
  if (req.method === "GET" && req.url === "/api/settings") return reply(res, 200, { brightness: state.brightness });
  if (req.method === "POST" && req.url === "/api/settings") {
    const body = await readJson(req);
    const b = body && body.brightness;
    if (!Number.isInteger(b) || b < 0 || b > 100) return reply(res, 400, { error: "Brightness must be between 0 and 100" });
    if (b !== state.brightness) {
      state.brightness = b;
      io.emit("settings", { brightness: b });
    }
    return reply(res, 200, { success: true });
  }
  if (req.method === "POST" && req.url === "/api/switch") {
    const body = await readJson(req);
    if (!body || !body.app) return reply(res, 400, { error: "Missing app name" });
    if (!APPS.includes(body.app)) return reply(res, 404, { error: "App not found" });
    if (body.app !== state.app) {
      state.app = body.app;
      io.emit("current_app", current());
    }
    return reply(res, 200, { success: true, app: body.app });
  }
  reply(res, 404, { error: "Not found" });
});

const io = new Server(server, { pingInterval: 25000, pingTimeout: 60000, serveClient: false });
io.on("connection", (socket) => {
  socket.emit("apps_list", { apps: APPS, current: state.app });
  socket.emit("current_app", current());
  socket.emit("settings", { brightness: state.brightness });
  socket.emit("carousel_config", carousel());
});

server.listen(port, host, () => {
  const addr = server.address();
  console.log(`listening on http://${addr.address}:${addr.port}`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
