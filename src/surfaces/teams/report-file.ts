import https from 'node:https';
import type { Attachment, FileConsentCardResponse } from 'botbuilder';

/** Teams' file consent card: the person accepts, Teams opens an upload session in their OneDrive. */
export const FILE_CONSENT_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
/** The card that shows an uploaded file in the chat. */
export const FILE_INFO_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.info';
/** Verb of the RCA card action that asks for the report file (and `causa` of its Action.Submit fallback). */
export const REPORT_VERB = 'causa.report';

/** Reports are text; anything larger than this is not uploaded in one request. */
const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;
const UPLOAD_TIMEOUT_MS = 30_000;

/** The file name of an investigation's Markdown report (investigation ids are Causa's own). */
export function reportFileName(investigationId: string): string {
  return `causa-rca-${investigationId.replace(/[^A-Za-z0-9_-]/g, '_')}.md`;
}

/**
 * The consent card that offers the report as a file in a 1:1 chat (the Bot Framework's file
 * upload works only there). Its accept and decline contexts name the investigation; Teams sends
 * them back in the `fileConsent/invoke`.
 */
export function reportConsentAttachment(investigationId: string, sizeInBytes: number): Attachment {
  const context = { investigationId };
  return {
    contentType: FILE_CONSENT_CONTENT_TYPE,
    name: reportFileName(investigationId),
    content: {
      description: `The full root-cause analysis of investigation ${investigationId} (Markdown): evidence, the queries to reproduce it, decisions and timeline.`,
      sizeInBytes,
      acceptContext: context,
      declineContext: context,
    },
  };
}

/** The card that shows the uploaded report in the chat (from the upload info Teams gave). */
export function reportFileInfoAttachment(upload: { name: string; contentUrl: string; uniqueId?: string; fileType?: string }): Attachment {
  return {
    contentType: FILE_INFO_CONTENT_TYPE,
    name: upload.name,
    contentUrl: upload.contentUrl,
    content: { uniqueId: upload.uniqueId, fileType: upload.fileType ?? 'md' },
  };
}

/** The investigation a consent response is about, and where to upload; undefined when it is not Causa's. */
export function readConsentResponse(response: FileConsentCardResponse | undefined): { investigationId: string; upload?: { name: string; uploadUrl: string; contentUrl: string; uniqueId?: string; fileType?: string } } | undefined {
  const context = response?.context as { investigationId?: unknown } | undefined;
  const investigationId = context?.investigationId;
  if (typeof investigationId !== 'string' || investigationId === '') return undefined;
  const info = response?.uploadInfo;
  if (!info?.uploadUrl || !info.contentUrl || !info.name) return { investigationId };
  return { investigationId, upload: { name: info.name, uploadUrl: info.uploadUrl, contentUrl: info.contentUrl, uniqueId: info.uniqueId, fileType: info.fileType } };
}

/**
 * Puts the file into the upload session Teams opened (a pre-authorized OneDrive URL, so no
 * token): one request with Content-Range over the whole file. Only HTTPS URLs are used.
 */
export async function uploadFile(uploadUrl: string, content: Buffer): Promise<void> {
  const url = new URL(uploadUrl);
  if (url.protocol !== 'https:') throw new Error('the upload URL Teams gave is not HTTPS');
  if (content.length === 0 || content.length > MAX_UPLOAD_BYTES) throw new Error(`the report is ${content.length} bytes; uploads take 1 byte to 4 MiB`);
  await new Promise<void>((resolve, reject) => {
    const request = https.request(
      url,
      {
        method: 'PUT',
        timeout: UPLOAD_TIMEOUT_MS,
        headers: {
          'content-type': 'text/markdown; charset=utf-8',
          'content-length': String(content.length),
          'content-range': `bytes 0-${content.length - 1}/${content.length}`,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`the upload was refused (HTTP ${status})`));
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error('the upload timed out')));
    request.on('error', reject);
    request.end(content);
  });
}
