// A standard tus server for the interop tests: @tus/server + @tus/file-store on 127.0.0.1.
//
//   node tus-server.mjs PORT DIRECTORY [PATH]
//
// PORT 0 picks a free port. PATH defaults to /api/v1/uploads (the reference adapter's tus
// endpoint). Besides tus it answers POST /api/v1/auth/token with a fixed bearer token, so a
// station's client can authenticate as it would against a province; tus itself checks nothing.
// Prints one line per event on stdout (flushed at once):
//   listening http://127.0.0.1:PORT/api/v1/uploads/
//   request METHOD URL
//   created ID SIZE | finished ID SIZE | terminated ID
import http from "node:http";
import { Server, EVENTS } from "@tus/server";
import { FileStore } from "@tus/file-store";

const [portArg, directory, tusPath = "/api/v1/uploads"] = process.argv.slice(2);
if (!portArg || !directory) {
  console.error("usage: node tus-server.mjs PORT DIRECTORY [PATH]");
  process.exit(2);
}
const say = (line) => process.stdout.write(line + "\n");

const tus = new Server({ path: tusPath, datastore: new FileStore({ directory }) });
tus.on(EVENTS.POST_CREATE, (_req, upload) => say(`created ${upload.id} ${upload.size ?? "-"}`));
tus.on(EVENTS.POST_FINISH, (_req, _res, upload) => say(`finished ${upload.id} ${upload.size}`));
tus.on(EVENTS.POST_TERMINATE, (_req, _res, id) => say(`terminated ${id}`));

const server = http.createServer((req, res) => {
  say(`request ${req.method} ${req.url}`);
  if (req.method === "POST" && req.url === "/api/v1/auth/token") {
    req.resume();
    req.on("end", () => {
      const body = JSON.stringify({ access_token: "interop-token", token_type: "Bearer", expires_in: 3600 });
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
      res.end(body);
    });
    return;
  }
  tus.handle(req, res);
});
server.listen(Number(portArg), "127.0.0.1", () => {
  say(`listening http://127.0.0.1:${server.address().port}${tusPath}/`);
});
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => server.close(() => process.exit(0)));
