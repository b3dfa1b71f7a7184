// A standard tus client for the interop tests: tus-js-client in node uploads one file.
//
//   node tus-client.mjs ENDPOINT FILE CHUNK_SIZE STORE [--token T] [--url UPLOAD_URL]
//
// STORE is tus-js-client's own URL storage (a JSON file): a second run with the same STORE and
// FILE finds the earlier upload and resumes it (HEAD, then PATCH from the server's offset);
// --url resumes the given upload URL instead. CHUNK_SIZE 0: the whole file in one PATCH.
// Prints, flushed at once (a test reads them to kill the client mid-way):
//   resume URL OFFSET | url URL | progress SENT TOTAL | chunk ACCEPTED TOTAL | done URL | error MESSAGE
import fs from "node:fs";
import * as tus from "tus-js-client";

const args = process.argv.slice(2);
const [endpoint, file, chunkArg, store] = args;
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
if (!endpoint || !file || chunkArg === undefined || !store) {
  console.error("usage: node tus-client.mjs ENDPOINT FILE CHUNK_SIZE STORE [--token T] [--url UPLOAD_URL]");
  process.exit(2);
}
const say = (line) => process.stdout.write(line + "\n");
const chunkSize = Number(chunkArg) > 0 ? Number(chunkArg) : Infinity;
const size = fs.statSync(file).size;
const token = opt("--token");

const upload = new tus.Upload(fs.createReadStream(file), {
  endpoint,
  uploadUrl: opt("--url") ?? null,
  uploadSize: size,
  chunkSize,
  headers: token ? { Authorization: `Bearer ${token}` } : {},
  metadata: { filename: "scan.pdf", filetype: "application/pdf" },
  urlStorage: new tus.FileUrlStorage(store),
  storeFingerprintForResuming: true,
  retryDelays: [0, 200, 1000],
  onUploadUrlAvailable: () => say(`url ${upload.url}`),
  onProgress: (sent, total) => say(`progress ${sent} ${total}`),
  onChunkComplete: (_size, accepted, total) => say(`chunk ${accepted} ${total}`),
  onSuccess: () => {
    say(`done ${upload.url}`);
    process.exit(0);
  },
  onError: (err) => {
    say(`error ${String(err).split("\n")[0]}`);
    process.exit(1);
  },
});

const previous = opt("--url") ? [] : await upload.findPreviousUploads();
if (previous.length > 0) {
  upload.resumeFromPreviousUpload(previous[0]);
  say(`resume ${previous[0].uploadUrl} -`);
} else if (opt("--url")) {
  say(`resume ${opt("--url")} -`);
}
upload.start();
