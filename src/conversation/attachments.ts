import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Lang } from '../core/lang.js';

/**
 * What a visitor may attach: a customs notice (PDF, a scan or a photo) or a photo of a suspected fake. The type is
 * decided from the bytes, never from the name or the browser's claim, and only these types are kept: nothing that
 * a browser would run (HTML, SVG, scripts) can ever be stored.
 */
export const ATTACHMENT_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/heic': 'heic',
  'image/heif': 'heif',
};

export interface AttachmentLimits {
  /** Bytes per file. */
  maxBytes: number;
  /** Files per conversation. */
  maxFiles: number;
  /** Bytes per conversation. */
  maxTotalBytes: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = { maxBytes: 10 * 1024 * 1024, maxFiles: 10, maxTotalBytes: 40 * 1024 * 1024 };

export type AttachmentProblem = 'empty' | 'too_large' | 'type' | 'too_many' | 'quota';

export class AttachmentRejected extends Error {
  constructor(
    readonly problem: AttachmentProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface CheckedFile {
  name: string;
  type: string;
  size: number;
  sha256: string;
  body: Uint8Array;
}

/**
 * A file name safe to show and to offer as a download name: no path, no control or bidi characters, at most 120
 * characters, with the extension of what the bytes are.
 */
export function safeFileName(raw: string | undefined, type: string): string {
  const ext = ATTACHMENT_TYPES[type];
  const base = (raw ?? '')
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"<>:|?*]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '').slice(0, 100) || 'attachment';
  return `${stem}.${ext}`;
}

/** Checks one upload against the limits and what the conversation holds already; throws AttachmentRejected. */
export async function checkAttachment(input: { name?: string; body: Uint8Array }, usage: { count: number; bytes: number }, limits: AttachmentLimits): Promise<CheckedFile> {
  const size = input.body.byteLength;
  if (!size) throw new AttachmentRejected('empty', 'the file is empty');
  if (size > limits.maxBytes) throw new AttachmentRejected('too_large', `a file may have at most ${mb(limits.maxBytes)}`);
  if (usage.count >= limits.maxFiles) throw new AttachmentRejected('too_many', `a conversation may hold at most ${limits.maxFiles} files`);
  if (usage.bytes + size > limits.maxTotalBytes) throw new AttachmentRejected('quota', `a conversation may hold at most ${mb(limits.maxTotalBytes)} of files`);
  const sniffed = await fileTypeFromBuffer(input.body);
  const type = sniffed?.mime === 'image/heif-sequence' ? 'image/heif' : sniffed?.mime;
  if (!type || !ATTACHMENT_TYPES[type]) throw new AttachmentRejected('type', 'only PDF, JPEG, PNG, WebP, GIF and HEIC files can be attached');
  return { name: safeFileName(input.name, type), type, size, sha256: createHash('sha256').update(input.body).digest('hex'), body: input.body };
}

export const mb = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** How the transcript shows a file (the person's own bubble and the staff's transcript). */
export const attachmentLine = (f: { name: string; size: number }) => `📎 ${f.name} (${mb(f.size)})`;

export const ATTACH_S = {
  withTicket: {
    ko: (id: number) => `파일을 받았습니다. 요청 #${id}을(를) 맡은 담당자가 함께 확인합니다. 필요한 내용(받은 날짜, 세관, 물품)을 여기에 더 적어 주셔도 됩니다.`,
    en: (id: number) => `Got the file. The staff handling request #${id} will see it with your case. You can add anything they should know (the date you received it, which customs office, the goods) here.`,
  },
  noTicket: {
    ko: '파일을 이 대화에 보관했습니다. 저는 파일 내용을 읽지 못합니다. 세관 통지서나 위조 의심 물품 사진이라면 담당자가 직접 확인해 드릴 수 있습니다. 통지서라면 받은 날짜와 나라를 알려 주세요. 대응 기한이 짧을 수 있습니다.',
    en: "I've kept the file with this conversation. I can't read files myself; if it is a customs notice or a photo of a suspected fake, our staff can look at it. If it is a notice, tell me the country and the date you received it: the time to respond can be short.",
  },
} satisfies Record<string, Record<Lang, unknown>>;
