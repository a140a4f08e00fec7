import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SlackApi } from './slack-api.js';

export interface SlackUpload {
  fileId: string;
  filename: string;
  content: string;
}

/**
 * Slack's file uploads (files.uploadV2) in front of the local Web API server: files.getUploadURLExternal gives an
 * upload URL here, the file's bytes are kept, files.completeUploadExternal shares them. Those calls are recorded with
 * the others (in `slack.calls`); every other method goes through to the local server unchanged.
 */
export async function withFileUploads(slack: SlackApi) {
  const uploads: SlackUpload[] = [];
  const names = new Map<string, string>();
  let seq = 0;
  const target = new URL(slack.url);
  let base = '';

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const path = new URL(req.url!, 'http://x').pathname;
      const json = (o: object) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, ...o }));
      };
      const form = () => {
        const text = raw.toString('utf8');
        return (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(text || '{}') : Object.fromEntries(new URLSearchParams(text));
      };
      if (path === '/api/files.getUploadURLExternal') {
        const body = form();
        const fileId = `F${++seq}`;
        names.set(fileId, String(body.filename));
        slack.calls.push({ method: 'files.getUploadURLExternal', body, at: Date.now() });
        return json({ upload_url: `${base}/upload/${fileId}`, file_id: fileId });
      }
      if (path.startsWith('/upload/')) {
        const fileId = path.slice('/upload/'.length);
        uploads.push({ fileId, filename: names.get(fileId) ?? '', content: fileContent(raw, String(req.headers['content-type'] ?? '')) });
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(`OK - ${raw.length}`);
      }
      if (path === '/api/files.completeUploadExternal') {
        const body = form();
        if (typeof body.files === 'string') body.files = JSON.parse(body.files);
        slack.calls.push({ method: 'files.completeUploadExternal', body, at: Date.now() });
        return json({ files: (body.files as Array<{ id: string; title?: string }>).map((f) => ({ id: f.id, title: f.title, name: names.get(f.id) })) });
      }
      // Everything else: to the local Web API server, as it came.
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length' && k !== 'connection') headers[k] = v;
      fetch(`${target.origin}${req.url}`, { method: req.method, headers, body: req.method === 'GET' ? undefined : raw })
        .then(async (r) => {
          const out: Record<string, string> = {};
          r.headers.forEach((v, k) => {
            if (k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection') out[k] = v;
          });
          res.writeHead(r.status, out);
          res.end(Buffer.from(await r.arrayBuffer()));
        })
        .catch(() => {
          res.writeHead(502);
          res.end();
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    /** The Web API address to give the app (SLACK_API_URL). */
    url: `${base}/api/`,
    uploads,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The bytes of an upload: the file part of a multipart body, or the body itself. */
function fileContent(raw: Buffer, contentType: string): string {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const text = raw.toString('utf8');
  if (!boundary) return text;
  const sep = `--${boundary[1] ?? boundary[2]}`;
  for (const part of text.split(sep)) {
    const at = part.indexOf('\r\n\r\n');
    if (at < 0 || !/filename=/i.test(part.slice(0, at))) continue;
    return part.slice(at + 4).replace(/\r\n$/, '');
  }
  return text;
}
