#!/usr/bin/env node
// The local mail sink of scripts/run: Microsoft Graph's sendMail on 127.0.0.1, keeping every message it is given and
// showing them on a page, so the e-mail invitations of delegates outside Teams can be opened and answered locally.
//   node scripts/mail-sink.cjs PORT DIR
// POST /v1.0/users/{mailbox}/sendMail  -> 202, the message saved as DIR/NNNN.json (kept across restarts)
// GET  /                               -> the list (newest first)
// GET  /messages/N                     -> the message's HTML as the delegate sees it
// GET  /messages/N/attachments/I       -> an attachment (the .ics)
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const port = Number(process.argv[2] || 56160);
const dir = process.argv[3] || '.local/mail';
fs.mkdirSync(dir, { recursive: true });

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const files = () => fs.readdirSync(dir).filter((f) => /^\d+\.json$/.test(f)).sort();
const read = (n) => {
  const file = path.join(dir, String(n).padStart(4, '0') + '.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
};
const send = (res, status, type, body, headers = {}) => {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
};

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const post = url.pathname.match(/^\/v1\.0\/users\/([^/]+)\/sendMail$/);
  if (req.method === 'POST' && post) {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; if (body.length > 4 * 1024 * 1024) req.destroy(); });
    req.on('end', () => {
      let message;
      try {
        message = JSON.parse(body).message;
      } catch {
        return send(res, 400, 'application/json', JSON.stringify({ error: { code: 'BadRequest', message: 'Body is not JSON.' } }));
      }
      const n = files().length + 1;
      const saved = { n, mailbox: decodeURIComponent(post[1]), at: new Date().toISOString(), message };
      fs.writeFileSync(path.join(dir, String(n).padStart(4, '0') + '.json'), JSON.stringify(saved));
      console.log(`mail ${n} to ${message?.toRecipients?.[0]?.emailAddress?.address}: ${message?.subject}`);
      send(res, 202, 'text/plain', '');
    });
    return;
  }

  const one = url.pathname.match(/^\/messages\/(\d+)$/);
  if (req.method === 'GET' && one) {
    const saved = read(one[1]);
    if (!saved) return send(res, 404, 'text/plain', 'not found');
    // As a mail client does with inline parts: "cid:" images (the check-in pass's QR) point at their attachment.
    const inline = new Map((saved.message.attachments ?? []).map((a, i) => [a.contentId, `/messages/${saved.n}/attachments/${i}`]));
    const html = String(saved.message.body?.content ?? '').replace(/(["'])cid:([^"']+)\1/g, (m, q, id) => inline.has(id) ? q + inline.get(id) + q : m);
    return send(res, 200, 'text/html; charset=utf-8', html);
  }

  const file = url.pathname.match(/^\/messages\/(\d+)\/attachments\/(\d+)$/);
  if (req.method === 'GET' && file) {
    const attachment = read(file[1])?.message?.attachments?.[Number(file[2])];
    return attachment
      ? send(res, 200, attachment.contentType, Buffer.from(attachment.contentBytes, 'base64'), { 'content-disposition': `attachment; filename="${attachment.name}"` })
      : send(res, 404, 'text/plain', 'not found');
  }

  if (req.method === 'GET' && url.pathname === '/') {
    const rows = files().reverse().map((f) => {
      const saved = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      const to = saved.message.toRecipients?.[0]?.emailAddress ?? {};
      const files = (saved.message.attachments ?? []).map((a, i) => `<a href="/messages/${saved.n}/attachments/${i}">${esc(a.name)}</a>`).join(' ');
      return `<tr><td>${saved.n}</td><td>${esc(saved.at)}</td><td>${esc(to.name)} &lt;${esc(to.address)}&gt;</td><td><a href="/messages/${saved.n}">${esc(saved.message.subject)}</a></td><td>${files}</td></tr>`;
    }).join('');
    return send(res, 200, 'text/html; charset=utf-8', `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Hộp thư thử (local mail sink)</title>
<style>body{font:16px system-ui,sans-serif;margin:16px}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:6px;text-align:left}</style></head>
<body><h1>Hộp thư thử: thư bot đã gửi (${files().length})</h1><p>From the organizers' mailbox through the local fake Graph sendMail. Open one to see it as the delegate does and follow its answer link.</p>
<table><thead><tr><th>#</th><th>Lúc / At (UTC)</th><th>Người nhận / To</th><th>Tiêu đề / Subject</th><th>Tệp / Files</th></tr></thead><tbody>${rows}</tbody></table></body></html>`);
  }

  send(res, 404, 'application/json', JSON.stringify({ error: { code: 'NotFound', message: 'No such route in the mail sink.' } }));
});

server.listen(port, '127.0.0.1', () => console.log(`Listening on http://127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
