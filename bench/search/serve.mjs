// A static server for the search benchmark that compresses and delivers as a host on a slow
// phone link would, and counts what it sends (Pagefind fetches from a Web Worker, whose
// requests the page's DevTools session does not see, so the bytes are counted here, for both
// sides alike):
//
//   node serve.mjs ROOT PORT
//
// - gzip (level 6) for HTML, CSS, JS, JSON, WebAssembly, SVG and XML when the browser accepts
//   it; other files (Pagefind's .pf_* files, gzip already) as they are;
// - GET /__slow?on=1 turns on Lighthouse's slow 4G for every later response: 150 ms before
//   the first byte, then the body at 1.6 Mbit/s over one link shared by all responses;
// - GET /__reset forgets the bytes sent; GET /__log returns [[path, body bytes], …] since.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [root, port] = process.argv.slice(2);
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.mjs': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.xml': 'application/xml',
};
const RTT_MS = 150;
const BYTES_PER_MS = 1.6 * 1024 * 1024 / 8 / 1000;
const cache = new Map();
let slow = false;
let log = [];
// When the shared link is free again (ms since the epoch).
let linkFree = 0;

function send(res, body) {
  if (!slow) { return res.end(body); }
  const start = Math.max(Date.now() + RTT_MS, linkFree);
  linkFree = start + body.length / BYTES_PER_MS;
  setTimeout(() => res.end(body), linkFree - Date.now());
}

http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/__slow') { slow = url.searchParams.get('on') === '1'; linkFree = 0; return res.end('ok'); }
  if (url.pathname === '/__reset') { log = []; return res.end('ok'); }
  if (url.pathname === '/__log') { res.setHeader('content-type', 'application/json'); return res.end(JSON.stringify(log)); }
  let file = path.join(root, decodeURIComponent(url.pathname));
  if (!file.startsWith(path.resolve(root))) { res.writeHead(403); return res.end(); }
  try { if (fs.statSync(file).isDirectory()) { file = path.join(file, 'index.html'); } } catch { /* 404 below */ }
  fs.readFile(file, (err, body) => {
    if (err) { res.writeHead(404); return res.end(); }
    const ext = path.extname(file);
    const headers = { 'content-type': TYPES[ext] || 'application/octet-stream', 'cache-control': 'no-store' };
    if (TYPES[ext] && /gzip/.test(req.headers['accept-encoding'] || '')) {
      let gz = cache.get(file);
      if (!gz) { gz = zlib.gzipSync(body, { level: 6 }); cache.set(file, gz); }
      headers['content-encoding'] = 'gzip';
      body = gz;
    }
    log.push([url.pathname, body.length]);
    res.writeHead(200, headers);
    send(res, body);
  });
}).listen(Number(port), '127.0.0.1', () => console.log(`READY ${port}`));
